package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.factorline.receipts.Samples.firstLines;
import static org.factorline.receipts.Samples.withLine;
import static org.factorline.receipts.Samples.withoutLine;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.factorline.shared.Money;
import org.junit.jupiter.api.Test;

/**
 * The BAI2 sample is a day of lockbox and ACH receipts on two accounts. Its lines:
 *
 * <pre>
 *  1 01 file header            11 16 475 check paid (debit)     19 98 group trailer
 *  2 02 group header, 260114   12 49 account 1 trailer          20 99 file trailer
 *  3 03 account 000123456789   13 03 account 000987654321
 *  4 16 115 $9,850.00 (1001)   14 88 its summary 100 continued
 *  5 88 text                   15 16 115 $1,250.00, funds S
 *  6 16 115 $2,400.00          16 88 text
 *  7 88 text                   17 16 165 $1,150.00, funds D
 *  8 88 text                   18 49 account 2 trailer
 *  9 16 195 $1,500.00, funds V
 * 10 88 text
 * </pre>
 *
 * Control totals, worked out by hand (amounts in cents):
 *
 * <ul>
 *   <li>account 1: 03 amounts 12,500,000 + 13,425,000 + 1,375,000 + 450,000 = 27,750,000; 16 amounts
 *       985,000 + 240,000 + 150,000 + 450,000 = 1,825,000; total 29,575,000 in 10 records (03, four 16,
 *       four 88, 49);
 *   <li>account 2: 03 amounts 500,000 + 740,000 + 240,000 = 1,480,000; 16 amounts 125,000 + 115,000 =
 *       240,000; total 1,720,000 in 6 records;
 *   <li>group and file: 29,575,000 + 1,720,000 = 31,295,000; the group has 2 + 10 + 6 = 18 records,
 *       the file 18 + 2 = 20.
 * </ul>
 */
class Bai2ReaderTest {

    private static final String SAMPLE = Samples.text(Samples.BAI2);

    @Test
    void readsTheHeaderAndBothAccounts() {
        BankStatement statement = Bai2Reader.read(SAMPLE);

        assertThat(statement.format()).isEqualTo(BankFileFormat.BAI2);
        assertThat(statement.version()).isEqualTo("2");
        assertThat(statement.fileId()).isEqualTo("115001");
        assertThat(statement.senderId()).isEqualTo("021000021");
        assertThat(statement.receiverId()).isEqualTo("FACTORLINE");
        assertThat(statement.createdAt()).isEqualTo(LocalDateTime.of(2026, 1, 15, 6, 30));
        assertThat(statement.createdAtOffset()).isNull();
        assertThat(statement.accounts())
                .extracting(
                        StatementAccount::accountNumber,
                        a -> a.currency().getCurrencyCode(),
                        StatementAccount::asOfDate)
                .containsExactly(
                        tuple("000123456789", "USD", LocalDate.of(2026, 1, 14)),
                        tuple("000987654321", "USD", LocalDate.of(2026, 1, 14)));
        assertThat(statement.transactionCount()).isEqualTo(6);
        assertThat(statement.transactions())
                .extracting(t -> t.source().line())
                .containsExactly(4L, 6L, 9L, 11L, 15L, 17L);
    }

    @Test
    void theWorkedExampleIsACreditOf9850NamingInvoice1001() {
        BankTransaction payment = Bai2Reader.read(SAMPLE).transactions().get(0);

        assertThat(payment.direction()).isEqualTo(CreditDebit.CREDIT);
        assertThat(payment.amount()).isEqualTo(Money.usd("9850.00"));
        assertThat(payment.code()).isEqualTo(TransactionCode.bai2("115"));
        assertThat(payment.bankReference()).isEqualTo("LBX4417-0001");
        assertThat(payment.customerReference()).isEqualTo("7734");
        assertThat(payment.remittanceText())
                .isEqualTo("INV 1001 ACME TOOLING CO CHECK 7734 PAYS INVOICE 1001 IN FULL")
                .contains("1001");
        assertThat(payment.bookingDate()).isEqualTo(LocalDate.of(2026, 1, 14));
        assertThat(payment.availability().type()).isEqualTo(FundsAvailability.Type.IMMEDIATE);
        assertThat(payment.source()).isEqualTo(SourceLocation.line(4));
    }

    @Test
    void theControlTotalsAreTheHandWorkedOnes() {
        BankStatement statement = Bai2Reader.read(SAMPLE);
        // A small model of its own: sum the minor units the way the spec says, from the parsed values.
        long[] expected = {29_575_000L, 1_720_000L};
        for (int i = 0; i < 2; i++) {
            StatementAccount account = statement.accounts().get(i);
            BigInteger total = BigInteger.ZERO;
            for (BankSummary s : account.summaries()) {
                total = total.add(
                        BigInteger.valueOf(s.amount() == null ? 0 : s.amount().minorUnits()));
            }
            for (BankTransaction t : account.transactions()) {
                total = total.add(BigInteger.valueOf(Math.abs(t.amount().minorUnits())));
            }
            assertThat(total).as("account %d", i + 1).isEqualTo(BigInteger.valueOf(expected[i]));
        }
        String[] lines = SAMPLE.split("\n");
        assertThat(lines[11]).isEqualTo("49,29575000,10/");
        assertThat(lines[17]).isEqualTo("49,1720000,6/");
        assertThat(lines[18]).isEqualTo("98,31295000,2,18/");
        assertThat(lines[19]).isEqualTo("99,31295000,1,20/");
        assertThat(lines).hasSize(20);
    }

    @Test
    void summariesAreSignedMoneyAndMayContinueIn88() {
        StatementAccount first = Bai2Reader.read(SAMPLE).accounts().get(0);
        StatementAccount second = Bai2Reader.read(SAMPLE).accounts().get(1);

        assertThat(first.summaries())
                .extracting(BankSummary::typeCode, BankSummary::amount, BankSummary::itemCount)
                .containsExactly(
                        tuple("010", Money.usd("125000.00"), null),
                        tuple("015", Money.usd("134250.00"), null),
                        tuple("100", Money.usd("13750.00"), 3),
                        tuple("400", Money.usd("4500.00"), 1));
        assertThat(second.summaries()).hasSize(3);
        assertThat(second.summaries().get(2).typeCode()).isEqualTo("100");
        assertThat(second.summaries().get(2).source().line()).isEqualTo(14);
        assertThat(first.creditTotal()).isEqualTo(Money.usd("13750.00"));
    }

    @Test
    void textRunsToTheEndOfTheRecordWithCommasAndSlashesAndContinuesIn88() {
        BankTransaction t = Bai2Reader.read(SAMPLE).transactions().get(1);

        assertThat(t.remittanceText())
                .isEqualTo("REMIT: INV 1002, INV 1003 INV 1003 SHORT PAY SEE LETTER DEDUCTION 15.00 FREIGHT/DAMAGE");
        assertThat(t.availability().type()).isEqualTo(FundsAvailability.Type.ONE_DAY);
    }

    @Test
    void fundsTypesBringTheirOwnFields() {
        List<BankTransaction> t = Bai2Reader.read(SAMPLE).transactions();

        FundsAvailability valueDated = t.get(2).availability();
        assertThat(valueDated.type()).isEqualTo(FundsAvailability.Type.VALUE_DATED);
        assertThat(valueDated.valueDate()).isEqualTo(LocalDate.of(2026, 1, 15));
        assertThat(valueDated.valueTime()).isEqualTo(LocalTime.of(9, 0));
        assertThat(t.get(2).valueDate()).isEqualTo(LocalDate.of(2026, 1, 15));
        assertThat(t.get(2).bankReference()).isEqualTo("FW2601140017");
        assertThat(t.get(2).customerReference()).isEqualTo("ACH-88341");

        assertThat(t.get(3).availability().type()).isEqualTo(FundsAvailability.Type.UNKNOWN);

        FundsAvailability distributed = t.get(4).availability();
        assertThat(distributed.type()).isEqualTo(FundsAvailability.Type.DISTRIBUTED);
        assertThat(distributed.portions())
                .containsExactly(
                        new FundsAvailability.Portion(0, Money.usd("1000.00")),
                        new FundsAvailability.Portion(1, Money.usd("250.00")),
                        new FundsAvailability.Portion(2, Money.usd("0.00")));
        assertThat(t.get(4).remittanceText()).isEqualTo("INV 2001 INV 2002");

        FundsAvailability byDays = t.get(5).availability();
        assertThat(byDays.type()).isEqualTo(FundsAvailability.Type.DISTRIBUTED_BY_DAYS);
        assertThat(byDays.portions())
                .containsExactly(
                        new FundsAvailability.Portion(0, Money.usd("1000.00")),
                        new FundsAvailability.Portion(1, Money.usd("150.00")));
        assertThat(t.get(5).customerReference()).isNull();
        assertThat(t.get(5).remittanceText()).isEqualTo("INVOICES 2003 2004");
    }

    @Test
    void debitsAreKeptAndMarked() {
        BankTransaction returned = Bai2Reader.read(SAMPLE).transactions().get(3);

        assertThat(returned.direction()).isEqualTo(CreditDebit.DEBIT);
        assertThat(returned.amount()).isEqualTo(Money.usd("-4500.00"));
        assertThat(returned.isCredit()).isFalse();
        assertThat(returned.code().code()).isEqualTo("475");
    }

    @Test
    void windowsLineEndsAByteOrderMarkAndTrailingBlankLinesAreRead() {
        byte[] bytes = ("\uFEFF" + SAMPLE.replace("\n", "\r\n") + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        BankStatement statement = Bai2Reader.read(bytes);
        assertThat(statement.transactionCount()).isEqualTo(6);
        assertThat(statement.transactions().get(0).remittanceText())
                .isEqualTo("INV 1001 ACME TOOLING CO CHECK 7734 PAYS INVOICE 1001 IN FULL");
    }

    @Test
    void aDetailMayEndBeforeItsTextAndCarryItInContinuations() {
        String file = """
                01,BANK,FACTOR,260115,0800,7,,,2/
                02,FACTOR,BANK,1,260114,,,/
                03,55,EUR,/
                16,301,2500,Z/
                88,BR/7,CR 9,TEXT ONLY IN THE CONTINUATION
                16,890,,Z,,,INFORMATION ONLY/
                49,2500,5/
                98,2500,1,7/
                99,2500,1,9/
                """;
        List<BankTransaction> t = Bai2Reader.read(file).transactions();

        assertThat(t.get(0).amount()).isEqualTo(Money.of("25.00", "EUR"));
        assertThat(t.get(0).bankReference()).isEqualTo("BR/7");
        assertThat(t.get(0).customerReference()).isEqualTo("CR 9");
        assertThat(t.get(0).remittanceText()).isEqualTo("TEXT ONLY IN THE CONTINUATION");
        assertThat(t.get(1).direction()).isEqualTo(CreditDebit.UNDETERMINED);
        assertThat(t.get(1).amount()).isEqualTo(Money.of("0.00", "EUR"));
        assertThat(t.get(1).remittanceText()).isEqualTo("INFORMATION ONLY");
    }

    // ---- refusals: each names the line, the field and the value

    @Test
    void aBadAmountIsRefused() {
        assertRefused(
                withLine(SAMPLE, 4, l -> l.replace("985000", "12x5")),
                "line 4, amount = \"12x5\": is not a whole number of cents");
        assertRefused(withLine(SAMPLE, 6, l -> l.replace("240000", "")), "line 6, amount = \"\": is missing");
        assertRefused(
                withLine(SAMPLE, 3, l -> l.replace("12500000", "+125.00")),
                "line 3, amount = \"+125.00\": is not a whole number of cents (an optional sign, then digits)");
    }

    @Test
    void aMissingTrailerIsRefused() {
        assertRefused(
                withoutLine(SAMPLE, 12),
                "line 12, recordType = \"03\": expected a transaction detail (16) or the account trailer (49)");
        assertRefused(
                withoutLine(SAMPLE, 19),
                "line 19, recordType = \"99\": expected an account identifier (03) or the group trailer (98)");
    }

    @Test
    void aTruncatedFileIsRefused() {
        assertRefused(
                firstLines(SAMPLE, 15),
                "line 16, recordType = \"end of file\": the file ends early: expected a transaction detail (16)"
                        + " or the account trailer (49)");
        assertRefused(
                firstLines(SAMPLE, 19),
                "line 20, recordType = \"end of file\": the file ends early: expected a group header (02) or the"
                        + " file trailer (99)");
        assertRefused(
                SAMPLE.substring(0, SAMPLE.indexOf("49,29575000,10") + 14),
                "line 12, record = \"49,29575000,10\": does not end with \"/\"");
    }

    @Test
    void trailerTotalsThatDoNotAddUpAreRefusedNamingTheTrailer() {
        assertRefused(
                withLine(SAMPLE, 12, l -> "49,29575001,10/"),
                "line 12, accountControlTotal = \"29575001\": does not match the account's 03 and 16 amounts,"
                        + " which add up to 29575000");
        // A changed detail amount shows up in its account's trailer.
        assertRefused(
                withLine(SAMPLE, 15, l -> l.replace("125000", "125001")),
                "line 18, accountControlTotal = \"1720000\": does not match the account's 03 and 16 amounts,"
                        + " which add up to 1720001");
        assertRefused(
                withLine(SAMPLE, 19, l -> "98,+31295001,2,18/"),
                "line 19, groupControlTotal = \"+31295001\": does not match the group's accounts, which add up to"
                        + " 31295000");
        assertRefused(
                withLine(SAMPLE, 20, l -> "99,-31295000,1,20/"),
                "line 20, fileControlTotal = \"-31295000\": does not match the file's groups, which add up to"
                        + " 31295000");
    }

    @Test
    void recordCountsThatDoNotMatchAreRefused() {
        assertRefused(
                withLine(SAMPLE, 12, l -> "49,29575000,9/"),
                "line 12, numberOfRecords = \"9\": does not match the records: the account has 10 records (03 to"
                        + " 49, with 88 continuations)");
        assertRefused(
                withLine(SAMPLE, 19, l -> "98,31295000,2,17/"),
                "line 19, numberOfRecords = \"17\": does not match the records: the group has 18 records (02 to"
                        + " 98, with 88 continuations)");
        assertRefused(
                withLine(SAMPLE, 19, l -> "98,31295000,3,18/"),
                "line 19, numberOfAccounts = \"3\": does not match the records: the group has 2 accounts");
        assertRefused(
                withLine(SAMPLE, 20, l -> "99,31295000,1,21/"),
                "line 20, numberOfRecords = \"21\": does not match the records: the file has 20 records (01 to 99,"
                        + " with 88 continuations)");
        assertRefused(
                withLine(SAMPLE, 20, l -> "99,31295000,2,20/"),
                "line 20, numberOfGroups = \"2\": does not match the records: the file has 1 group");
    }

    @Test
    void anUnknownRecordTypeIsRefused() {
        assertRefused(
                withLine(SAMPLE, 9, l -> "17" + l.substring(2)),
                "line 9, recordType = \"17\": is not a BAI2 record type (01, 02, 03, 16, 49, 88, 98, 99)");
        assertRefused(
                withLine(SAMPLE, 9, l -> "x"),
                "line 9, recordType = \"x\": is not the start of a BAI2 record: two digits and a comma");
    }

    @Test
    void aContinuationWithoutARecordBeforeItIsRefused() {
        assertRefused(
                "88,INV 1001\n" + SAMPLE,
                "line 1, recordType = \"88\": a continuation (88) must follow the record it continues");
    }

    @Test
    void aBadDateOrTimeIsRefused() {
        assertRefused(
                withLine(SAMPLE, 2, l -> l.replace("260114", "260231")),
                "line 2, asOfDate = \"260231\": must be a date as YYMMDD");
        assertRefused(
                withLine(SAMPLE, 1, l -> l.replace("0630", "0675")),
                "line 1, fileCreationTime = \"0675\": must be a time as HHMM (2400 or 9999: end of day)");
        assertRefused(
                withLine(SAMPLE, 9, l -> l.replace("V,260115", "V,2601")),
                "line 9, valueDate = \"2601\": must be a date as YYMMDD");
    }

    @Test
    void otherFaultsAreRefusedWithTheirLineAndField() {
        assertRefused(
                withLine(SAMPLE, 1, l -> l.replace(",2/", ",3/")),
                "line 1, versionNumber = \"3\": must be 2: this reads BAI version 2");
        assertRefused(
                withLine(SAMPLE, 4, l -> l.replace(",0,LBX", ",X,LBX")),
                "line 4, fundsType = \"X\": is not a funds type: 0, 1, 2, S, V, D or Z");
        assertRefused(
                withLine(SAMPLE, 4, l -> l.replace("16,115", "16,015")),
                "line 4, typeCode = \"015\": is a status code (001 to 099), which belongs on an account identifier"
                        + " (03), not on a detail");
        assertRefused(
                withLine(SAMPLE, 3, l -> l.replace(",USD,", ",US$,")),
                "line 3, currencyCode = \"US$\": is not a currency code such as USD");
        assertRefused(
                withLine(SAMPLE, 12, l -> l + " 16"),
                "line 12, record = \"/ 16\": has characters after the \"/\" that ends the record");
        assertRefused(
                withLine(SAMPLE, 12, l -> "49,29575000,10,7/"),
                "line 12, recordType = \"49\": has more fields than a 49 record has: \"7\"");
        assertRefused(SAMPLE + "01,X/\n", "line 21, recordType = \"01\": nothing may follow the file trailer (99)");
        assertRefused(
                withLine(SAMPLE, 2, l -> l.replace(",1,260114", ",4,260114")),
                "line 2, groupStatus = \"4\": is 4 (test only): test data is not imported");
        assertRefused("   \n", "line 1, recordType = \"\": the file is empty");
        assertRefused(
                SAMPLE.substring(SAMPLE.indexOf("02,")), "line 1, recordType = \"02\": expected the file header (01)");
    }

    @Test
    void aTextBeyondTheLimitIsRefused() {
        String longText = "88," + "X".repeat(70) + "\n";
        String file = withLine(SAMPLE, 5, l -> l + "\n" + longText.repeat(1000));
        assertThatThrownBy(() -> Bai2Reader.read(file))
                .isInstanceOf(BankFileException.class)
                .hasMessageContaining("text = \"INV 1001 ACME")
                .hasMessageEndingWith("is longer than 65536 characters");
    }

    private static void assertRefused(String file, String message) {
        assertThatThrownBy(() -> Bai2Reader.read(file))
                .isInstanceOf(BankFileException.class)
                .hasMessage(message);
    }
}
