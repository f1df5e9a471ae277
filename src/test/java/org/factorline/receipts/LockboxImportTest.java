package org.factorline.receipts;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/** A bank's lockbox CSV, read with the column mapping saved for that bank, pays a bought invoice. */
@FactorlineTest
class LockboxImportTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Funding funding;

    @Autowired
    Clock clock;

    static final Actor OFFICER = new Actor(null, "lockbox-officer", "Officer", null, EnumSet.of(Role.FUNDING_OFFICER));

    @Test
    void aLockboxFileIsReadWithItsBanksSavedMappingAndMatched() throws Exception {
        Client client = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice invoice = fixtures.readyToFund(client, debtor, Money.usd("2345.67"));
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(new NewFundingRequest(
                    client.id().value(), List.of(invoice.id().value()), null, PayoutMethod.ACH));
            return funding.approve(r.id());
        });
        String token = fixtures.token(null, Role.FUNDING_OFFICER);
        String name = "First National " + TestSupport.unique("lbx").replaceAll("[^A-Za-z0-9]", "");
        mvc.perform(put("/api/v1/receipts/lockbox-mappings/" + name)
                        .header("Authorization", "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"lockboxNumber": "4417", "currency": "USD", "amountColumn": "Check Amount",
                                 "checkNumberColumn": "Check Number", "payerNameColumn": "Remitter",
                                 "depositDateColumn": "Deposit Date", "datePattern": "MM/dd/yyyy",
                                 "invoiceColumns": ["Invoice 1", "Invoice 2"], "remittanceColumn": "Memo",
                                 "amountsInCents": false, "delimiter": ","}"""))
                .andExpect(status().isOk());
        String date = LocalDate.now(clock).format(DateTimeFormatter.ofPattern("MM/dd/yyyy"));
        String csv = "Lockbox,Deposit Date,Check Number,Check Amount,Remitter,Invoice 1,Invoice 2,Memo\n" + "4417,"
                + date + ",7734,\"2,345.67\",\"" + debtor.name() + "\"," + invoice.number() + ",,IN FULL\n";
        mvc.perform(multipart("/api/v1/receipts/files")
                        .file(new MockMultipartFile(
                                "file", "lockbox.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                        .param("mapping", name)
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.format").value("LOCKBOX_CSV"))
                .andExpect(jsonPath("$.appliedAutomatically").value(1))
                .andExpect(jsonPath("$.received[0].kind").value("CHECK"));
        mvc.perform(multipart("/api/v1/receipts/files")
                        .file(new MockMultipartFile(
                                "file", "other.csv", "text/csv", (csv + "\n").getBytes(StandardCharsets.UTF_8)))
                        .param("mapping", "No Such Bank")
                        .header("Authorization", "Bearer " + token))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("mapping"));
    }
}
