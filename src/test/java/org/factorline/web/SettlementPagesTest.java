package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.settlement.CloseOut;
import org.factorline.settlement.Settlement;
import org.factorline.settlement.SettlementRun;
import org.factorline.shared.Money;
import org.factorline.support.FactorlineTest;
import org.factorline.support.Html;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Settlement runs from the staff pages: run one, read each client's line, download the statement. */
@FactorlineTest
class SettlementPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Funding funding;

    @Autowired
    Invoices invoices;

    @Autowired
    Receipts receipts;

    @Autowired
    Settlement settlement;

    @Autowired
    Clock clock;

    static final Actor OFFICER = new Actor(null, "settle-page-fiona", "Fiona", null, EnumSet.of(Role.FUNDING_OFFICER));

    /** The worked example's invoice: bought, $9,850 paid, the $150 left accepted as a short pay — closed out. */
    private Invoice closedOut(Client client, Debtor debtor) {
        Invoice i = fixtures.readyToFund(client, debtor, Money.usd("10000.00"));
        return TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(
                    new NewFundingRequest(client.id().value(), List.of(i.id().value()), null, PayoutMethod.ACH));
            funding.approve(r.id());
            Payment p = receipts.record(
                    new IncomingPayment(
                            LocalDate.now(clock),
                            Money.usd("9850.00"),
                            ReceiptKind.CHECK,
                            "Settlement Payer " + TestSupport.unique("SP"),
                            null,
                            null,
                            null,
                            null,
                            "test"),
                    null);
            receipts.apply(p.id(), i.id(), Money.usd("9850.00"));
            receipts.acceptShortPay(i.id(), "Damaged pallet, credit note agreed with the client");
            return invoices.get(i.id());
        });
    }

    private Html page(String url, Actor actor) throws Exception {
        return Html.of(mvc.perform(get(url).with(SignedIn.as(actor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    @Test
    void anOfficerRunsSettlementFromThePageAndDownloadsTheStatement() throws Exception {
        Client client = fixtures.activeClient(
                TestSupport.workedExampleTerms(LocalDate.now(clock).minusDays(30)));
        Invoice invoice = closedOut(client, fixtures.debtor());
        assertThat(invoice.status()).isEqualTo(InvoiceStatus.CLOSED);
        CloseOut closeOut = TestSupport.as(OFFICER, () -> settlement.closeOutOf(invoice.id()));
        assertThat(closeOut.rebate().isPositive()).isTrue();
        assertThat(page("/staff/settlements", OFFICER).hasId("run-settlement")).isTrue();

        MvcResult ran = mvc.perform(post("/staff/settlements/runs")
                        .with(SignedIn.as(OFFICER))
                        .with(csrf())
                        .param("method", "WIRE"))
                .andExpect(redirectedUrlPattern("/staff/settlements/runs/*"))
                .andReturn();
        String location = ran.getResponse().getRedirectedUrl();
        UUID runId = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        SettlementRun run = TestSupport.as(OFFICER, () -> settlement.get(runId));
        assertThat((String) ran.getFlashMap().get("flash"))
                .startsWith("Settlement run " + run.reference() + ": ")
                .contains("to pay by WIRE");

        Html shown = page(location, OFFICER);
        assertThat(shown.text("run-lines"))
                .contains(client.reference() + " " + client.displayName() + " 1 "
                        + closeOut.rebate().display() + " USD 0.00 "
                        + closeOut.rebate().display() + " payout");
        assertThat(shown.hasId("download-statement")).isTrue();
        assertThat(page("/staff/settlements", OFFICER).text("run-" + run.reference()))
                .contains(run.reference())
                .contains(run.rebateTotal().display())
                .contains(run.netTotal().display());

        String csv = mvc.perform(get(location + "/statement.csv").with(SignedIn.as(OFFICER)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", Matchers.startsWith("text/csv")))
                .andExpect(header().string(
                                "Content-Disposition",
                                Matchers.containsString(
                                        "attachment; filename=\"" + run.reference() + "-statement.csv\"")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv)
                .startsWith(
                        "run,client_id,invoice_id,funding_date,closed_on,face,advance,collected,deductions,fee,days,rebate\r\n")
                .contains(run.reference() + "," + client.id() + "," + invoice.id() + ",")
                .contains(",10000.00,8000.00,9850.00,150.00,"
                        + closeOut.fee().amount().toPlainString() + "," + closeOut.daysCharged() + ","
                        + closeOut.rebate().amount().toPlainString() + "\r\n");
    }

    @Test
    void anAuditorReadsRunsWithoutTheRunButtonAndClientUsersAreKeptOut() throws Exception {
        Client client = fixtures.activeClient();
        closedOut(client, fixtures.debtor());
        SettlementRun run = TestSupport.as(OFFICER, () -> settlement.run(PayoutMethod.ACH));
        Actor auditor = TestSupport.staff(Role.AUDITOR);

        Html list = page("/staff/settlements", auditor);
        assertThat(list.hasId("run-" + run.reference())).isTrue();
        assertThat(list.hasId("run-settlement")).isFalse();
        assertThat(page("/staff/settlements/runs/" + run.id(), auditor).text("run-lines"))
                .contains(client.reference());
        mvc.perform(get("/staff/settlements/runs/" + run.id() + "/statement.csv")
                        .with(SignedIn.as(auditor)))
                .andExpect(status().isOk());
        mvc.perform(post("/staff/settlements/runs")
                        .with(SignedIn.as(auditor))
                        .with(csrf())
                        .param("method", "ACH"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/staff/settlements/runs/" + UUID.randomUUID()).with(SignedIn.as(auditor)))
                .andExpect(status().isNotFound());

        Actor clientUser = TestSupport.clientUser(client.id().value());
        mvc.perform(get("/staff/settlements").with(SignedIn.as(clientUser))).andExpect(status().isForbidden());
        mvc.perform(get("/staff/settlements/runs/" + run.id() + "/statement.csv")
                        .with(SignedIn.as(clientUser)))
                .andExpect(status().isForbidden());
    }
}
