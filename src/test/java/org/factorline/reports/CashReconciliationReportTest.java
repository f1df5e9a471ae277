package org.factorline.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.JournalLine;
import org.factorline.ledger.Ledger;
import org.factorline.ledger.NewEntry;
import org.factorline.ledger.ReasonCode;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.BankFileImport;
import org.factorline.receipts.BankFileImports;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Cash reconciliation on a book of our own: a camt.053 statement and a receipt typed in, in a currency no
 * other test uses (NOK), on days no other run uses. The bank side equals the file, every day agrees with the
 * ledger, unapplied cash agrees with the ledger's account — until an entry to cash is posted by hand, which
 * shows as a difference on its day and only there.
 */
@FactorlineTest
class CashReconciliationReportTest {

    static final Currency NOK = Currency.getInstance("NOK");
    static final Actor AUDITOR = TestSupport.staff(Role.AUDITOR);

    @Autowired
    BankFileImports imports;

    @Autowired
    Receipts receipts;

    @Autowired
    Ledger ledger;

    @Autowired
    Reports reports;

    @Autowired
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    static Money nok(String amount) {
        return Money.of(amount, "NOK");
    }

    static String entry(String amount, LocalDate valueDate, String ref, String payer) {
        return """
                      <Ntry>
                        <Amt Ccy="NOK">%s</Amt>
                        <CdtDbtInd>CRDT</CdtDbtInd>
                        <Sts><Cd>BOOK</Cd></Sts>
                        <BookgDt><Dt>%s</Dt></BookgDt>
                        <ValDt><Dt>%s</Dt></ValDt>
                        <AcctSvcrRef>%s</AcctSvcrRef>
                        <NtryDtls>
                          <TxDtls>
                            <Refs><EndToEndId>%s</EndToEndId></Refs>
                            <Amt Ccy="NOK">%s</Amt>
                            <CdtDbtInd>CRDT</CdtDbtInd>
                            <RltdPties><Dbtr><Pty><Nm>%s</Nm></Pty></Dbtr></RltdPties>
                            <RmtInf><Ustrd>%s</Ustrd></RmtInf>
                          </TxDtls>
                        </NtryDtls>
                      </Ntry>
                """.formatted(amount, valueDate, valueDate, ref, ref, amount, payer, "Payment " + ref);
    }

    static byte[] statement(LocalDate day, String id, String entries) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                  <BkToCstmrStmt>
                    <GrpHdr>
                      <MsgId>%s</MsgId>
                      <CreDtTm>%sT05:00:00+01:00</CreDtTm>
                    </GrpHdr>
                    <Stmt>
                      <Id>%s</Id>
                      <CreDtTm>%sT05:00:00+01:00</CreDtTm>
                      <Acct>
                        <Id><IBAN>NO9386011117947</IBAN></Id>
                        <Ccy>NOK</Ccy>
                      </Acct>
                %s    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(id, day, id, day, entries).getBytes(StandardCharsets.UTF_8);
    }

    ReportTable run(Map<String, String> params) {
        return TestSupport.as(AUDITOR, () -> reports.run("cash-reconciliation", params));
    }

    static Map<String, Object> day(ReportTable t, LocalDate d) {
        return t.rows().stream().filter(r -> d.equals(r.get("day"))).findFirst().orElse(null);
    }

    @Test
    void bankAndLedgerAgreeDayByDayUntilCashIsPostedByHand() {
        // days of our own: somewhere in 2031–2038, so a second run against the same database finds its own days
        LocalDate today =
                LocalDate.of(2031, 1, 5).plusDays(ThreadLocalRandom.current().nextInt(0, 2900));
        clock.set(today.atTime(14, 0).toInstant(ZoneOffset.UTC));
        LocalDate d1 = today.minusDays(6);
        LocalDate d2 = today.minusDays(4);
        String id = TestSupport.unique("NOK-STMT");
        String p1 = TestSupport.unique("Nordvik Payer");
        byte[] file = statement(
                today,
                id,
                entry("1000.00", d1, id + "-1", p1)
                        + entry("250.50", d1, id + "-2", p1)
                        + entry("4000.00", d2, id + "-3", TestSupport.unique("Fjord Payer")));
        BankFileImport imported =
                TestSupport.as(TestSupport.admin(), () -> imports.importFile(id + ".xml", file, null));
        assertThat(imported.total()).isEqualTo(nok("5250.50"));
        // a cheque typed in on the same day as the second file entry, then 100.00 of it refunded today
        Payment typed = TestSupport.as(
                TestSupport.admin(),
                () -> receipts.record(
                        new IncomingPayment(
                                d2,
                                nok("700.00"),
                                ReceiptKind.CHECK,
                                TestSupport.unique("Hand Payer"),
                                null,
                                null,
                                null,
                                "no remittance",
                                "typed in"),
                        null));
        TestSupport.as(
                TestSupport.admin(),
                () -> receipts.refundToPayer(typed.id(), nok("100.00"), Receipts.RefundMethod.CHECK, "Paid twice"));

        Map<String, String> period =
                Map.of("from", today.minusDays(9).toString(), "to", today.toString(), "currency", "NOK");
        ReportTable clean = run(period);
        // the bank side is the file's credits by value date, plus the typed-in receipt
        assertThat(clean.totals().get("bank_file_receipts")).isEqualTo(imported.total());
        assertThat(day(clean, d1).get("bank_file_receipts")).isEqualTo(nok("1250.50"));
        assertThat(day(clean, d2).get("bank_file_receipts")).isEqualTo(nok("4000.00"));
        assertThat(day(clean, d2).get("other_receipts")).isEqualTo(nok("700.00"));
        assertThat(day(clean, today).get("refunds")).isEqualTo(nok("100.00"));
        // a clean book: every day agrees, cash in and out, and unapplied cash
        assertThat(clean.rows()).hasSize(3);
        for (Map<String, Object> r : clean.rows()) {
            assertThat(r.get("difference_in")).as("in on " + r.get("day")).isEqualTo(nok("0.00"));
            assertThat(r.get("difference_out")).as("out on " + r.get("day")).isEqualTo(nok("0.00"));
            assertThat(r.get("difference_unapplied"))
                    .as("unapplied on " + r.get("day"))
                    .isEqualTo(nok("0.00"));
            assertThat(r.get("flag")).isEqualTo("");
        }
        assertThat(clean.totals().get("ledger_cash_in")).isEqualTo(nok("5950.50"));
        assertThat(clean.totals().get("ledger_cash_out")).isEqualTo(nok("100.00"));
        Money unapplied = nok("5850.50");
        assertThat(clean.totals().get("receipts_unapplied")).isEqualTo(unapplied);
        assertThat(clean.totals().get("ledger_unapplied"))
                .isEqualTo(unapplied)
                .isEqualTo(TestSupport.as(AUDITOR, () -> ledger.balance(AccountCode.UNAPPLIED_CASH, null, NOK)));
        assertThat(clean.totals().get("flag")).isEqualTo("");

        // capital paid in, posted by hand on a day between: the ledger has cash the bank side does not know
        LocalDate d3 = today.minusDays(5);
        TestSupport.as(
                TestSupport.admin(),
                () -> ledger.postManual(new NewEntry(
                        TestSupport.unique("capital-nok"),
                        ReasonCode.CAPITAL_CONTRIBUTED,
                        d3,
                        null,
                        null,
                        null,
                        "Owners paid in capital",
                        List.of(
                                JournalLine.debit(AccountCode.CASH, nok("10000.00")),
                                JournalLine.credit(AccountCode.CAPITAL, nok("10000.00"))))));
        ReportTable after = run(period);
        assertThat(after.rows()).hasSize(4);
        Map<String, Object> off = day(after, d3);
        assertThat(off.get("ledger_cash_in")).isEqualTo(nok("10000.00"));
        assertThat(off.get("bank_file_receipts")).isEqualTo(nok("0.00"));
        assertThat(off.get("difference_in")).isEqualTo(nok("10000.00"));
        assertThat(off.get("flag")).isEqualTo("DIFFERENCE");
        assertThat(after.rows().stream().filter(r -> !"".equals(r.get("flag")))).hasSize(1);
        assertThat(after.totals().get("difference_in")).isEqualTo(nok("10000.00"));
        assertThat(after.totals().get("flag")).isEqualTo("1 day with a difference");
        assertThat(after.chart().bars()).hasSize(1);

        // a period after all of it opens with the unapplied balances carried, still agreeing
        ReportTable later = run(Map.of(
                "from", today.plusDays(1).toString(), "to", today.plusDays(1).toString(), "currency", "NOK"));
        assertThat(later.rows()).isEmpty();
        assertThat(later.totals().get("receipts_unapplied")).isEqualTo(unapplied);
        assertThat(later.totals().get("ledger_unapplied")).isEqualTo(unapplied);

        String csv = TestSupport.as(AUDITOR, () -> reports.csv("cash-reconciliation", period));
        assertThat(csv)
                .startsWith("day,bank_file_receipts,other_receipts,")
                .contains(d3 + ",0.00,0.00,0.00,10000.00,10000.00,");
        byte[] pdf = TestSupport.as(AUDITOR, () -> reports.pdf("cash-reconciliation", period));
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        assertThatThrownBy(() -> run(Map.of("currency", "NOKK")))
                .isInstanceOfSatisfying(
                        FactorlineException.class,
                        e -> assertThat(e.problems()).extracting(p -> p.field()).containsExactly("currency"));
        assertThatThrownBy(() -> run(Map.of("from", "2026-03-10", "to", "2026-03-01")))
                .isInstanceOfSatisfying(
                        FactorlineException.class,
                        e -> assertThat(e.problems()).extracting(p -> p.field()).containsExactly("from"));
        assertThatThrownBy(() -> run(Map.of("to", "yesterday")))
                .isInstanceOfSatisfying(
                        FactorlineException.class,
                        e -> assertThat(e.problems()).extracting(p -> p.field()).containsExactly("to"));
    }
}
