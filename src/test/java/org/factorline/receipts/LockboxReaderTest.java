package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.factorline.receipts.Samples.firstNational;
import static org.factorline.receipts.Samples.withLine;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.factorline.shared.Money;
import org.junit.jupiter.api.Test;

/**
 * The First National sample: a header on line 1, checks on lines 2 to 4, a blank line 5, and a check on
 * lines 6 and 7 whose memo holds a line break.
 */
class LockboxReaderTest {

    private static final String SAMPLE = Samples.text(Samples.LOCKBOX_CSV);

    @Test
    void readsEveryCheckAsACredit() {
        BankStatement statement = LockboxReader.read(SAMPLE, firstNational());

        assertThat(statement.format()).isEqualTo(BankFileFormat.LOCKBOX_CSV);
        assertThat(statement.accounts()).hasSize(1);
        assertThat(statement.accounts().get(0).accountNumber()).isEqualTo("LBX-4417");
        assertThat(statement.transactions())
                .extracting(t -> t.source().line(), BankTransaction::amount, BankTransaction::customerReference)
                .containsExactly(
                        tuple(2L, Money.usd("9850.00"), "7734"),
                        tuple(3L, Money.usd("2400.00"), "7735"),
                        tuple(4L, Money.usd("315.75"), "10452"),
                        tuple(6L, Money.usd("1200.00"), "000981"));
        assertThat(statement.transactions())
                .allSatisfy(t -> assertThat(t.isCredit()).isTrue());
        assertThat(statement.accounts().get(0).creditTotal()).isEqualTo(Money.usd("13765.75"));
    }

    @Test
    void theWorkedExampleIsACreditOf9850FromTheDebtorNamingInvoice1001() {
        BankTransaction check =
                LockboxReader.read(SAMPLE, firstNational()).transactions().get(0);

        assertThat(check.amount()).isEqualTo(Money.usd("9850.00"));
        assertThat(check.payerName()).isEqualTo("Acme Tooling Co");
        assertThat(check.payerBank()).isEqualTo("021000021");
        assertThat(check.payerAccount()).isEqualTo("483920117");
        assertThat(check.bookingDate()).isEqualTo(LocalDate.of(2026, 1, 14));
        assertThat(check.invoiceNumbers()).containsExactly("1001");
        assertThat(check.remittanceText()).isEqualTo("PAYS INVOICE 1001 IN FULL");
    }

    @Test
    void severalInvoiceNumbersInACellAreSplitAndQuotedCellsKeepTheirCommas() {
        List<BankTransaction> t = LockboxReader.read(SAMPLE, firstNational()).transactions();

        assertThat(t.get(1).payerName()).isEqualTo("Globex, Inc.");
        assertThat(t.get(1).invoiceNumbers()).containsExactly("1002", "1003", "1004");
        assertThat(t.get(1).remittanceText()).isEqualTo("SHORT PAY, SEE LETTER");
        assertThat(t.get(2).invoiceNumbers()).containsExactly("1005", "1006");
        assertThat(t.get(2).remittanceText()).isNull();
        assertThat(t.get(3).payerName()).isEqualTo("Wayne \"Fab\" Works");
        assertThat(t.get(3).invoiceNumbers()).containsExactly("1007", "1008", "1009");
        assertThat(t.get(3).remittanceText()).isEqualTo("two checks,\none envelope");
        assertThat(t.get(3).bookingDate()).isEqualTo(LocalDate.of(2026, 1, 15));
    }

    @Test
    void amountsInCentsWithAnotherDelimiterAndHeadersInAnyCase() {
        String file = "\uFEFFITEM;AMT_CENTS;PAYER;REFS\r\n1;985000;Acme Tooling Co;1001\r\n2;1;Globex;\r\n";
        LockboxMapping mapping = LockboxMapping.builder("LBX-9", Money.USD)
                .amount("amt_cents")
                .amountsInCents()
                .payerName("Payer")
                .invoices("refs")
                .delimiter(';')
                .build();

        List<BankTransaction> t = LockboxReader.read(file.getBytes(StandardCharsets.UTF_8), mapping)
                .transactions();

        assertThat(t).extracting(BankTransaction::amount).containsExactly(Money.usd("9850.00"), Money.usd("0.01"));
        assertThat(t.get(0).invoiceNumbers()).containsExactly("1001");
        assertThat(t.get(1).invoiceNumbers()).isEmpty();
        assertThat(t.get(0).bookingDate()).isNull();
    }

    @Test
    void aFileWithOnlyAHeaderHasNoChecks() {
        assertThat(LockboxReader.read(SAMPLE.substring(0, SAMPLE.indexOf('\n') + 1), firstNational())
                        .transactionCount())
                .isZero();
    }

    // ---- refusals name the line, the column and the value

    @Test
    void aMappedColumnMissingFromTheHeaderIsRefused() {
        LockboxMapping mapping = LockboxMapping.builder("LBX-4417", Money.USD)
                .amount("Check Amt")
                .build();
        assertThatThrownBy(() -> LockboxReader.read(SAMPLE, mapping))
                .isInstanceOf(BankFileException.class)
                .hasMessage("line 1, column = \"Check Amt\": is not in the header; the file's columns are Lockbox,"
                        + " Batch, Item, Deposit Date, Check Number, Check Amount, Remitter, ABA, Account, Invoice 1,"
                        + " Invoice 2, Memo");
        assertRefused(
                withLine(SAMPLE, 1, l -> l.replace("Memo", "Remitter")),
                "line 1, column = \"Remitter\": appears twice in the header");
    }

    @Test
    void aBadAmountIsRefused() {
        assertRefused(
                withLine(SAMPLE, 3, l -> l.replace("2,400.00", "2,40.00")),
                "line 3, Check Amount = \"2,40.00\": is not an amount such as 9850.00 or 9,850.00");
        assertRefused(
                withLine(SAMPLE, 4, l -> l.replace("315.75", "315.755")),
                "line 4, Check Amount = \"315.755\": has more than 2 decimals for USD");
        assertRefused(
                withLine(SAMPLE, 4, l -> l.replace("315.75", "0.00")),
                "line 4, Check Amount = \"0.00\": must be more than zero");
        assertRefused(withLine(SAMPLE, 6, l -> l.replace("$1200", "")), "line 6, Check Amount = \"\": is missing");
    }

    @Test
    void aBadDateIsRefused() {
        assertRefused(
                withLine(SAMPLE, 2, l -> l.replace("01/14/2026", "02/30/2026")),
                "line 2, Deposit Date = \"02/30/2026\": is not a date as MM/dd/yyyy");
        assertRefused(
                withLine(SAMPLE, 6, l -> l.replace("01/15/2026", "2026-01-15")),
                "line 6, Deposit Date = \"2026-01-15\": is not a date as MM/dd/yyyy");
    }

    @Test
    void aRowOfTheWrongWidthOrBrokenQuotingIsRefused() {
        assertThatThrownBy(() ->
                        LockboxReader.read(withLine(SAMPLE, 4, l -> l.substring(0, l.length() - 1)), firstNational()))
                .isInstanceOf(BankFileException.class)
                .hasMessageStartingWith("line 4, row = \"4417,001,3,01/14/2026,10452,315.75,Initech LLC")
                .hasMessageEndingWith("has 11 fields; the header has 12");
        assertThatThrownBy(() -> LockboxReader.read(
                        withLine(SAMPLE, 3, l -> l.replace("\"Globex, Inc.\"", "\"Globex, Inc.\"x")), firstNational()))
                .isInstanceOf(BankFileException.class)
                .hasMessageStartingWith("line 3, file: is not valid CSV");
        assertRefused("\n\n", "line 1, header = \"\": the file is empty; its first line must name the columns");
    }

    private static void assertRefused(String file, String message) {
        assertThatThrownBy(() -> LockboxReader.read(file, firstNational()))
                .isInstanceOf(BankFileException.class)
                .hasMessage(message);
    }
}
