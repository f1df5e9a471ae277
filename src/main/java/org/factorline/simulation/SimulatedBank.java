package org.factorline.simulation;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.factorline.shared.Money;

/**
 * The factor's bank as the simulated debtors pay into it: the day's credits written as the bank would
 * send them — a BAI2 prior-day file with every control total and record count, or an ISO 20022 camt.053
 * statement — for the real import path to read. Deterministic: the same day and credits give the same bytes.
 */
final class SimulatedBank {

    /** The factor's collection account at the simulated bank. */
    static final String ACCOUNT = "000123456789";

    static final String BANK_ROUTING = "021000021";

    /** One credit: who paid, how much, the bank's reference and what the payer wrote. */
    record Credit(String payer, Money amount, String reference, String remittance) {}

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");

    private SimulatedBank() {}

    /** A BAI2 file of the day's ACH credits (type 195), one account, one group. */
    static byte[] bai2(LocalDate day, int fileNumber, List<Credit> credits) {
        StringBuilder s = new StringBuilder();
        String date = day.format(YYMMDD);
        s.append("01,")
                .append(BANK_ROUTING)
                .append(",FACTORLINE,")
                .append(date)
                .append(",0630,")
                .append(fileNumber)
                .append(",,,2/\n");
        s.append("02,FACTORLINE,")
                .append(BANK_ROUTING)
                .append(",1,")
                .append(date)
                .append(",2400,USD,2/\n");
        long total = 0;
        int accountRecords = 2; // the 03 and the 49
        StringBuilder details = new StringBuilder();
        for (Credit c : credits) {
            long minor = c.amount().minorUnits();
            total += minor;
            details.append("16,195,")
                    .append(minor)
                    .append(",0,")
                    .append(c.reference())
                    .append(",,")
                    .append(clean(c.payer() + " " + c.remittance()))
                    .append("/\n");
            accountRecords++;
        }
        long count = credits.size();
        s.append("03,")
                .append(ACCOUNT)
                .append(",USD,100,")
                .append(total)
                .append(',')
                .append(count)
                .append(",/\n");
        s.append(details);
        long accountTotal = total * 2; // the 03 summary and the 16 details both count
        s.append("49,").append(accountTotal).append(',').append(accountRecords).append("/\n");
        int groupRecords = accountRecords + 2;
        s.append("98,").append(accountTotal).append(",1,").append(groupRecords).append("/\n");
        s.append("99,")
                .append(accountTotal)
                .append(",1,")
                .append(groupRecords + 2)
                .append("/\n");
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A camt.053.001.02 statement of the day's credits. */
    static byte[] camt053(LocalDate day, int fileNumber, List<Credit> credits) {
        Money sum = credits.stream().map(Credit::amount).reduce(Money::plus).orElse(Money.zero(Money.USD));
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n")
                .append("<BkToCstmrStmt>\n<GrpHdr><MsgId>SIM-")
                .append(day)
                .append('-')
                .append(fileNumber)
                .append("</MsgId><CreDtTm>")
                .append(day)
                .append("T18:00:00-06:00</CreDtTm></GrpHdr>\n<Stmt><Id>SIM-STMT-")
                .append(fileNumber)
                .append("</Id><CreDtTm>")
                .append(day)
                .append("T18:00:00-06:00</CreDtTm>\n<Acct><Id><Othr><Id>")
                .append(ACCOUNT)
                .append("</Id></Othr></Id><Ccy>USD</Ccy></Acct>\n")
                .append("<TxsSummry><TtlCdtNtries><NbOfNtries>")
                .append(credits.size())
                .append("</NbOfNtries><Sum>")
                .append(sum.amount().toPlainString())
                .append("</Sum></TtlCdtNtries></TxsSummry>\n");
        for (Credit c : credits) {
            s.append("<Ntry><Amt Ccy=\"USD\">")
                    .append(c.amount().amount().toPlainString())
                    .append("</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>")
                    .append(day)
                    .append("</Dt></BookgDt><ValDt><Dt>")
                    .append(day)
                    .append("</Dt></ValDt><AcctSvcrRef>")
                    .append(c.reference())
                    .append("</AcctSvcrRef>")
                    .append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn>")
                    .append("</BkTxCd><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>")
                    .append(xml(c.payer()))
                    .append("</Nm></Dbtr></RltdPties><RmtInf><Ustrd>")
                    .append(xml(c.remittance()))
                    .append("</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n");
        }
        s.append("</Stmt>\n</BkToCstmrStmt>\n</Document>\n");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** BAI2 text fields end at the slash and split at commas: neither may appear inside. */
    private static String clean(String text) {
        return text.replace(',', ' ').replace('/', ' ').toUpperCase(java.util.Locale.ROOT);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
