package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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
import org.factorline.support.Html;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The report pages, downloads and API: staff and auditors read them with labelled filters, a chart drawn on
 * the server, CSV and PDF with the same figures; client users are refused on the pages and the API.
 */
@FactorlineTest
class ReportPagesTest {

    static final Actor OFFICER = new Actor(null, "report-page-fiona", "Fiona", null, EnumSet.of(Role.FUNDING_OFFICER));

    @Autowired
    MockMvc mvc;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Funding funding;

    private Client fundedClient(Debtor debtor, String face) {
        Client client = fixtures.activeClient();
        Invoice i = fixtures.readyToFund(client, debtor, Money.usd(face));
        TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(
                    new NewFundingRequest(client.id().value(), List.of(i.id().value()), null, PayoutMethod.ACH));
            funding.approve(r.id());
        });
        return client;
    }

    private Html page(String url, Actor actor) throws Exception {
        return Html.of(mvc.perform(get(url).with(SignedIn.as(actor)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    @Test
    void anAuditorReadsEveryReportWithLabelledFiltersAndAChart() throws Exception {
        Client client = fundedClient(fixtures.debtor(), "7300.00");
        Actor auditor = TestSupport.staff(Role.AUDITOR);
        Html index = page("/staff/reports", auditor);
        for (String name : List.of(
                "aging",
                "concentration",
                "funds-employed",
                "fees",
                "dso",
                "dilution",
                "cei",
                "reserve",
                "journal",
                "verification",
                "contacts",
                "cash-reconciliation")) {
            assertThat(index.hasId("report-" + name)).as(name).isTrue();
            Html p = page("/staff/reports/" + name, auditor);
            assertThat(p.unlabelledControls())
                    .as("unlabelled fields on " + name)
                    .isEmpty();
            assertThat(p.hasId("report-table")).isTrue();
            assertThat(p.hasId("download-csv")).isTrue();
            assertThat(p.source()).doesNotContain("<script>");
        }
        Html aging = page("/staff/reports/aging?clientId=" + client.id(), auditor);
        assertThat(aging.text("report-table")).contains(client.reference()).contains("USD 7,300.00");
        assertThat(aging.hasId("chart")).isTrue();
        assertThat(aging.tag("chart")).isNotNull();
        assertThat(aging.source()).contains("<svg").contains("<rect");
        assertThat(aging.source()).contains("/staff/reports/aging/report.csv?clientId=" + client.id());
    }

    @Test
    void badFiltersComeBackOnThePageNamingTheField() throws Exception {
        Html p = page("/staff/reports/aging?buckets=90,30", TestSupport.staff(Role.ACCOUNT_MANAGER));
        assertThat(p.text()).contains("buckets").contains("must rise");
        assertThat(p.value("filter-buckets")).isEqualTo("90,30");
        assertThat(p.hasId("download-csv")).isFalse();
        mvc.perform(get("/staff/reports/nonsense").with(SignedIn.as(TestSupport.staff(Role.AUDITOR))))
                .andExpect(status().isNotFound());
    }

    @Test
    void csvAndPdfCarryTheSameFigures() throws Exception {
        Client client = fundedClient(fixtures.debtor(), "6100.00");
        Actor auditor = TestSupport.staff(Role.AUDITOR);
        String csv = mvc.perform(get("/staff/reports/aging/report.csv")
                        .param("clientId", client.id().toString())
                        .with(SignedIn.as(auditor)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", Matchers.startsWith("text/csv")))
                .andExpect(header().string("Content-Disposition", Matchers.containsString("aging.csv")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(csv)
                .startsWith("client,invoices,open_face,bucket_0,bucket_1,bucket_2,bucket_3,bucket_4,open_balance\r\n")
                .contains(client.reference() + " " + client.legalName()
                        + ",1,6100.00,6100.00,0.00,0.00,0.00,0.00,6100.00\r\n")
                .contains("TOTAL,1,6100.00,");

        byte[] pdf = mvc.perform(get("/staff/reports/aging/report.pdf")
                        .param("clientId", client.id().toString())
                        .with(SignedIn.as(auditor)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/pdf"))
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        String text;
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
        }
        assertThat(text).contains("Aging as of").contains(client.reference()).contains("USD 6,100.00");
    }

    @Test
    void theApiAnswersStaffAndRefusesClientUsers() throws Exception {
        Client client = fundedClient(fixtures.debtor(), "5200.00");
        String staffToken = fixtures.token(null, Role.AUDITOR);
        mvc.perform(get("/api/v1/reports").header("Authorization", "Bearer " + staffToken))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].name").value("aging"));
        mvc.perform(get("/api/v1/reports/funds-employed")
                        .param("clientId", client.id().toString())
                        .header("Authorization", "Bearer " + staffToken))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows[0].client").value(client.reference() + " " + client.legalName()))
                .andExpect(jsonPath("$.rows[0].funds_employed.amount").value("4160.00"));
        mvc.perform(get("/api/v1/reports/journal")
                        .param("format", "csv")
                        .header("Authorization", "Bearer " + staffToken))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", Matchers.startsWith("text/csv")));
        mvc.perform(get("/api/v1/reports/aging")
                        .param("asOf", "not-a-date")
                        .header("Authorization", "Bearer " + staffToken))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("asOf"));

        String clientToken = fixtures.token(client.id().value(), Role.CLIENT_ADMIN);
        for (String url : List.of("/api/v1/reports", "/api/v1/reports/aging", "/api/v1/reports/journal")) {
            mvc.perform(get(url).header("Authorization", "Bearer " + clientToken))
                    .andExpect(status().isForbidden());
        }
        Actor clientUser = TestSupport.clientUser(client.id().value());
        for (String url : List.of("/staff/reports", "/staff/reports/aging", "/staff/reports/aging/report.csv")) {
            mvc.perform(get(url).with(SignedIn.as(clientUser))).andExpect(status().isForbidden());
        }
    }
}
