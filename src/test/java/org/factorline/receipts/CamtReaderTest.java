package org.factorline.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.factorline.receipts.Samples.withLine;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import org.factorline.shared.Money;
import org.junit.jupiter.api.Test;

/**
 * camt.053 statements (versions 001.02 and 001.08) and a camt.054 notification. In the 001.02 sample the
 * first entry (line 79) is the worked example, the second (line 134) batches two lockbox checks of
 * $3,200 and $2,000 whose TxDtls give their amounts as AmtDtls/TxAmt (lines 164 and 197), and the third
 * is a $45 fee. Its TxsSummry (lines 63 to 74) gives 3 entries for 15,095.00, net 15,005.00 credit.
 */
class CamtReaderTest {

    private static final String V02 = Samples.text(Samples.CAMT053_V02);
    private static final String V08 = Samples.text(Samples.CAMT053_V08);
    private static final String NOTIFICATION = Samples.text(Samples.CAMT054_V08);
    private static final String STMT = "Document/BkToCstmrStmt/Stmt[1]";

    @Test
    void readsAVersion02StatementWithItsHeaderAccountAndBalances() {
        BankStatement statement = read(V02);

        assertThat(statement.format()).isEqualTo(BankFileFormat.CAMT053);
        assertThat(statement.version()).isEqualTo("001.02");
        assertThat(statement.fileId()).isEqualTo("STMT-20260115-0001");
        assertThat(statement.createdAt()).isEqualTo(LocalDateTime.of(2026, 1, 15, 6, 30));
        assertThat(statement.createdAtOffset()).isEqualTo(ZoneOffset.ofHours(-5));
        assertThat(statement.receiverId()).isEqualTo("FCTLUS33");
        assertThat(statement.senderId()).isEqualTo("CHASUS33");
        StatementAccount account = statement.accounts().get(0);
        assertThat(account.accountNumber()).isEqualTo("000123456789");
        assertThat(account.currency()).isEqualTo(Money.USD);
        assertThat(account.statementId()).isEqualTo("STMT-0001-000123456789");
        assertThat(account.asOfDate()).isEqualTo(LocalDate.of(2026, 1, 14));
        assertThat(account.summaries())
                .extracting(BankSummary::typeCode, BankSummary::amount)
                .containsExactly(tuple("OPBD", Money.usd("125000.00")), tuple("CLBD", Money.usd("140005.00")));
        assertThat(account.transactions()).hasSize(4);
        assertThat(account.creditTotal()).isEqualTo(Money.usd("15050.00"));
    }

    @Test
    void theWorkedExampleIsACreditOf9850FromTheDebtorNamingInvoice1001() {
        BankTransaction payment = read(V02).transactions().get(0);

        assertThat(payment.direction()).isEqualTo(CreditDebit.CREDIT);
        assertThat(payment.amount()).isEqualTo(Money.usd("9850.00"));
        assertThat(payment.payerName()).isEqualTo("Acme Tooling Co");
        assertThat(payment.payerAccount()).isEqualTo("483920117");
        assertThat(payment.payerBank()).isEqualTo("BOFAUS3N");
        assertThat(payment.remittanceText()).isEqualTo("PAYMENT OF INVOICE 1001");
        assertThat(payment.customerReference()).isEqualTo("ACME-PAY-7734");
        assertThat(payment.bankReference()).isEqualTo("FW2601140001");
        assertThat(payment.code()).isEqualTo(TransactionCode.iso("PMNT", "RCDT", "DMCT"));
        assertThat(payment.bookingDate()).isEqualTo(LocalDate.of(2026, 1, 14));
        assertThat(payment.booked()).isTrue();
        assertThat(payment.source()).isEqualTo(new SourceLocation(103, STMT + "/Ntry[1]/NtryDtls[1]/TxDtls[1]"));
    }

    @Test
    void aBatchedEntryBecomesOneTransactionPerTxDtls() {
        List<BankTransaction> t = read(V02).transactions();

        assertThat(t.subList(1, 3))
                .extracting(
                        BankTransaction::amount,
                        BankTransaction::payerName,
                        BankTransaction::invoiceNumbers,
                        BankTransaction::bankReference)
                .containsExactly(
                        tuple(Money.usd("3200.00"), "Globex, Inc.", List.of("1002", "1003"), "LBX4417-B002-01"),
                        tuple(Money.usd("2000.00"), "Initech LLC", List.of(), "LBX4417-B002-02"));
        assertThat(t.get(1).remittanceText()).isEqualTo("1003 SHORT PAID: FREIGHT DEDUCTION");
        assertThat(t.get(1).customerReference())
                .as("NOTPROVIDED is no reference")
                .isNull();
        assertThat(t.get(2).remittanceText())
                .isEqualTo("INV 1004 LESS CREDIT MEMO CM-17\nQUESTIONS: AP@INITECH.EXAMPLE");
        assertThat(t.get(1).valueDate()).isEqualTo(LocalDate.of(2026, 1, 15));
        assertThat(t.get(1).code()).isEqualTo(TransactionCode.iso("PMNT", "LBOX", "OTHR"));
    }

    @Test
    void aDebitIsKeptAndMarked() {
        BankTransaction fee = read(V02).transactions().get(3);

        assertThat(fee.direction()).isEqualTo(CreditDebit.DEBIT);
        assertThat(fee.amount()).isEqualTo(Money.usd("-45.00"));
        assertThat(fee.source()).isEqualTo(new SourceLocation(212, STMT + "/Ntry[3]"));
        assertThat(fee.code().code()).isEqualTo("ACMT/MDOP/CHRG");
    }

    @Test
    void readsAVersion08StatementInEuros() {
        BankStatement statement = read(V08);
        List<BankTransaction> t = statement.transactions();

        assertThat(statement.version()).isEqualTo("001.08");
        assertThat(statement.createdAtOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(statement.receiverId()).isEqualTo("FCTLDEFFXXX");
        assertThat(statement.senderId()).isEqualTo("COBADEFFXXX");
        assertThat(statement.accounts().get(0).accountNumber()).isEqualTo("DE89370400440532013000");
        assertThat(t)
                .extracting(BankTransaction::amount, BankTransaction::payerName)
                .containsExactly(
                        tuple(Money.of("500.00", "EUR"), "Müller Maschinenbau GmbH"),
                        tuple(Money.of("450.25", "EUR"), "Schmidt & Söhne KG"),
                        tuple(Money.of("300.25", "EUR"), "Weber Logistik AG"),
                        tuple(Money.of("980.00", "EUR"), "Becker Elektro OHG"),
                        tuple(Money.of("-12.90", "EUR"), null));
        BankTransaction first = t.get(0);
        assertThat(first.payerAccount()).isEqualTo("DE02120300000000202051");
        assertThat(first.payerBank()).isEqualTo("BYLADEM1001");
        assertThat(first.invoiceNumbers()).containsExactly("RE-2026-0042", "RE-2026-0043");
        assertThat(first.remittanceText()).isEqualTo("RF18539007547034");
        assertThat(t.get(2).invoiceNumbers()).containsExactly("RE-2026-0045");
        assertThat(t.get(2).remittanceText()).isEqualTo("RE-2026-0045");
        assertThat(t.get(3).bookingDate()).as("from a DtTm").isEqualTo(LocalDate.of(2026, 1, 14));
        assertThat(t.get(3).remittanceText()).as("CDATA").isEqualTo("Rechnung 2026-0046 <Teilzahlung>");
        assertThat(t.get(4).reversal()).isTrue();
        assertThat(t.get(4).direction()).isEqualTo(CreditDebit.DEBIT);
    }

    @Test
    void readsANotificationWithAPendingEntry() {
        BankStatement notification = read(NOTIFICATION);
        List<BankTransaction> t = notification.transactions();

        assertThat(notification.format()).isEqualTo(BankFileFormat.CAMT054);
        assertThat(notification.createdAtOffset()).isNull();
        assertThat(notification.accounts().get(0).statementId()).isEqualTo("NTF-0042-1");
        assertThat(t)
                .extracting(BankTransaction::amount)
                .containsExactly(Money.usd("4000.00"), Money.usd("3300.00"), Money.usd("1000.00"));
        assertThat(t.get(0).invoiceNumbers()).containsExactly("1005", "1006");
        assertThat(t.get(0).payerBank()).isEqualTo("011000015");
        assertThat(t.get(2).booked()).isFalse();
        assertThat(t.get(2).bookingDate()).isNull();
        assertThat(t.get(2).date()).isEqualTo(LocalDate.of(2026, 1, 16));
        assertThat(t.get(2).remittanceText()).isEqualTo("PO 55-1234 INV 1008");
    }

    @Test
    void aLargeNotificationIsReadAsAStream() {
        int entries = 20_000;
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.04"><BkToCstmrDbtCdtNtfctn>
                <GrpHdr><MsgId>BIG</MsgId><CreDtTm>2026-01-15T11:02:00Z</CreDtTm></GrpHdr>
                <Ntfctn><Id>N</Id><Acct><Id><Othr><Id>1</Id></Othr></Id></Acct>
                """);
        for (int i = 0; i < entries; i++) {
            xml.append("<Ntry><Amt Ccy=\"USD\">1.25</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>"
                            + "<NtryDtls><TxDtls><RmtInf><Ustrd>INV ")
                    .append(i)
                    .append("</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n");
        }
        xml.append("</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n");

        BankStatement statement =
                CamtReader.read(new ByteArrayInputStream(xml.toString().getBytes(StandardCharsets.UTF_8)));

        assertThat(statement.transactionCount()).isEqualTo(entries);
        assertThat(statement.accounts().get(0).creditTotal()).isEqualTo(Money.usd("25000.00"));
        assertThat(statement.accounts().get(0).currency())
                .as("from the first amount")
                .isEqualTo(Money.USD);
        assertThat(statement.transactions().get(entries - 1).source().path())
                .isEqualTo("Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[20000]/NtryDtls[1]/TxDtls[1]");
    }

    // ---- refusals

    @Test
    void aDocumentTypeDeclarationIsRefusedSoNoExternalEntityIsEverRead() {
        String xxe = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                <BkToCstmrStmt><GrpHdr><MsgId>&xxe;</MsgId></GrpHdr></BkToCstmrStmt></Document>
                """;
        assertThatThrownBy(() -> read(xxe))
                .isInstanceOf(BankFileException.class)
                .hasMessageStartingWith(
                        "line 2, DOCTYPE: is not allowed: a bank file has no document type declaration");
    }

    @Test
    void entityExpansionIsRefusedBeforeItStarts() {
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"");
            laughs.append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">\n");
        }
        laughs.append("]>\n<Document>&lol9;</Document>\n");

        assertThatThrownBy(() -> read(laughs.toString()))
                .isInstanceOf(BankFileException.class)
                .hasMessageStartingWith("line 13, DOCTYPE: is not allowed"); // where the declaration ends
    }

    @Test
    void anAmountWithMoreDecimalsThanItsCurrencyIsRefused() {
        assertRefused(
                withLine(V02, 79, l -> l.replace("9850.00", "9850.001")),
                "line 79, " + STMT + "/Ntry[1]/Amt = \"9850.001\": has more than 2 decimals for USD");
        assertRefused(
                withLine(V02, 79, l -> l.replace("9850.00", "-9850.00")),
                "line 79, " + STMT + "/Ntry[1]/Amt = \"-9850.00\": is not an amount: digits with an optional"
                        + " decimal point, no sign");
    }

    @Test
    void anAmountWithoutItsCurrencyIsRefused() {
        assertRefused(
                withLine(V02, 79, l -> l.replace(" Ccy=\"USD\"", "")),
                "line 79, " + STMT + "/Ntry[1]/Amt = \"9850.00\": has no currency (the Ccy attribute)");
        assertRefused(
                withLine(V02, 214, l -> l.replace("USD", "EUR")),
                "line 214, " + STMT
                        + "/Ntry[3]/Amt/@Ccy = \"EUR\": differs from the account's currency USD (Acct/Ccy)");
        assertRefused(
                withLine(V02, 214, l -> l.replace("USD", "XYZ")),
                "line 214, " + STMT + "/Ntry[3]/Amt/@Ccy = \"XYZ\": is not an ISO 4217 currency");
    }

    @Test
    void anEntryWhoseTxDtlsDoNotAddUpIsRefused() {
        assertRefused(
                withLine(V02, 197, l -> l.replace("2000.00", "1950.00")),
                "line 134, " + STMT + "/Ntry[2]/Amt = \"5200.00\": does not equal the sum of its 2 TxDtls amounts,"
                        + " 5150.00");
        assertRefused(
                Samples.withoutLine(NOTIFICATION, 96),
                "line 92, Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[1]/NtryDtls[1]/TxDtls[2]: has no amount (Amt"
                        + " or AmtDtls/TxAmt/Amt): each payment of a batched entry needs its own");
    }

    @Test
    void totalsThatDoNotMatchTheEntriesAreRefused() {
        assertRefused(
                withLine(V02, 64, l -> l.replace("15095.00", "15094.00")),
                "line 64, " + STMT + "/TxsSummry/TtlNtries/Sum = \"15094.00\": does not match the entries, which add"
                        + " up to 15095.00");
        assertRefused(
                withLine(V02, 63, l -> l.replace("3", "4")),
                "line 63, " + STMT + "/TxsSummry/TtlNtries/NbOfNtries = \"4\": does not match the 3 entries");
        assertRefused(
                withLine(V02, 65, l -> l.replace("15005.00", "15006.00")),
                "line 65, " + STMT + "/TxsSummry/TtlNtries/TtlNetNtryAmt = \"15006.00\": does not match the entries,"
                        + " whose net is 15005.00");
        assertRefused(
                withLine(V02, 70, l -> l.replace("15050.00", "15050.01")),
                "line 70, " + STMT + "/TxsSummry/TtlCdtNtries/Sum = \"15050.01\": does not match the entries, which"
                        + " add up to 15050.00");
    }

    @Test
    void aMissingGroupHeaderIsRefused() {
        String noHeader = V02.substring(0, V02.indexOf("    <GrpHdr>")) + V02.substring(V02.indexOf("    <Stmt>"));
        assertRefused(noHeader, "line 3, Document/BkToCstmrStmt/GrpHdr: is missing: the group header must come first");
    }

    @Test
    void aBadDateIsRefused() {
        assertRefused(
                withLine(V02, 83, l -> l.replace("2026-01-14", "2026-02-30")),
                "line 83, " + STMT + "/Ntry[1]/BookgDt/Dt = \"2026-02-30\": is not a date as YYYY-MM-DD");
        assertRefused(
                withLine(V02, 6, l -> l.replace("2026-01-15T06:30:00-05:00", "15.01.2026 06:30")),
                "line 6, Document/BkToCstmrStmt/GrpHdr/CreDtTm = \"15.01.2026 06:30\": is not a date and time as"
                        + " YYYY-MM-DDThh:mm:ss");
    }

    @Test
    void otherFaultsAreRefusedWithTheirPathAndLine() {
        assertRefused(
                withLine(V02, 80, l -> l.replace("CRDT", "CRD")),
                "line 80, " + STMT + "/Ntry[1]/CdtDbtInd = \"CRD\": must be CRDT or DBIT");
        assertRefused(
                withLine(V02, 2, l -> l.replace("camt.053.001.02", "pain.001.001.03")),
                "line 2, Document = \"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\": is not a camt.053 or camt.054"
                        + " namespace (urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN)");
        assertRefused("", "line 1, Document: is not well-formed XML: Premature end of file.");
    }

    @Test
    void brokenXmlIsRefusedWithItsLine() {
        String truncated = V02.substring(0, V02.indexOf("<Ustrd>PAYMENT"));
        assertThatThrownBy(() -> read(truncated))
                .isInstanceOf(BankFileException.class)
                .hasMessageMatching(
                        "line \\d+, " + Pattern.quote(STMT + "/Ntry[1]/NtryDtls[1]/TxDtls[1]/RmtInf") + ": .*");
        String mismatched = withLine(V02, 79, l -> l.replace("</Amt>", "</Amount>"));
        assertThatThrownBy(() -> read(mismatched))
                .isInstanceOf(BankFileException.class)
                .hasMessageStartingWith("line 79, " + STMT + "/Ntry[1]/Amt: is not well-formed XML");
    }

    @Test
    void theDeclaredEncodingIsUsedAndBytesThatAreNotTextAreRefused() {
        String latin = V08.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
        assertThat(CamtReader.read(latin.getBytes(StandardCharsets.ISO_8859_1))
                        .transactions()
                        .get(0)
                        .payerName())
                .isEqualTo("Müller Maschinenbau GmbH");
        assertThatThrownBy(() -> CamtReader.read(V08.getBytes(StandardCharsets.ISO_8859_1)))
                .as("the same bytes, declared UTF-8: the ü is not UTF-8")
                .isInstanceOf(BankFileException.class)
                .hasMessageEndingWith(
                        "holds bytes that are not text in the file's encoding (UTF-8 unless it says" + " otherwise)");
        assertRefused(
                V08.replace("encoding=\"UTF-8\"", "encoding=\"X-NOPE\""),
                "line 1, encoding = \"X-NOPE\": is not a text encoding this reader knows");
    }

    private static BankStatement read(String xml) {
        return CamtReader.read(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String xml, String message) {
        assertThatThrownBy(() -> read(xml))
                .isInstanceOf(BankFileException.class)
                .hasMessage(message);
    }
}
