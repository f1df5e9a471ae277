package org.factorline.receipts;

import static org.factorline.receipts.CamtValues.bounded;
import static org.factorline.receipts.CamtValues.code;
import static org.factorline.receipts.CamtValues.dateTime;
import static org.factorline.receipts.CamtValues.direction;
import static org.factorline.receipts.CamtValues.first;
import static org.factorline.receipts.CamtValues.firstLeaf;
import static org.factorline.receipts.CamtValues.money;
import static org.factorline.receipts.CamtValues.required;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.factorline.shared.Money;

/**
 * Reads ISO 20022 camt.053 bank statements and camt.054 debit/credit notifications, any version
 * (001.02 to 001.13 seen so far), as a stream: a file of any size is read in the memory of one entry.
 * An entry that batches several payments (several TxDtls, each with its amount) becomes one transaction
 * per payment, so that each debtor's remittance is posted on its own. The entry's amount must equal the
 * sum of its payments', and the statement's own totals (TxsSummry), when given, must match its entries.
 * Errors name the element's path and line.
 */
public final class CamtReader {

    static final String CAMT053 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.";
    static final String CAMT054 = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.";

    private static final Set<String> REPEATABLE =
            Set.of("Stmt", "Ntfctn", "Bal", "Ntry", "NtryDtls", "TxDtls", "Ustrd", "Strd", "RfrdDocInf", "AddtlRmtInf");
    private static final Pattern VERSION = Pattern.compile("\\d{2}");
    private static final String NOT_PROVIDED = "NOTPROVIDED";

    private final XmlCursor xml;
    private int transactions;

    private CamtReader(XmlCursor xml) {
        this.xml = xml;
    }

    public static BankStatement read(byte[] bytes) {
        return read(new ByteArrayInputStream(bytes));
    }

    /** Reads the stream to the end of the document; the stream is the caller's to close. */
    public static BankStatement read(InputStream in) {
        try (XmlCursor xml = XmlCursor.open(in, REPEATABLE)) {
            return new CamtReader(xml).document();
        }
    }

    private BankStatement document() {
        String root = xml.enterRoot();
        String namespace = xml.namespace() == null ? "" : xml.namespace();
        if (!root.equals("Document")) {
            throw BankFileException.at(
                    xml.line(), root, null, "is not a camt document: the root element must be Document");
        }
        BankFileFormat format;
        String message;
        String accountElement;
        String version;
        if (namespace.startsWith(CAMT053)) {
            format = BankFileFormat.CAMT053;
            message = "BkToCstmrStmt";
            accountElement = "Stmt";
            version = namespace.substring(CAMT053.length());
        } else if (namespace.startsWith(CAMT054)) {
            format = BankFileFormat.CAMT054;
            message = "BkToCstmrDbtCdtNtfctn";
            accountElement = "Ntfctn";
            version = namespace.substring(CAMT054.length());
        } else {
            throw BankFileException.at(
                    xml.line(),
                    "Document",
                    namespace,
                    "is not a camt.053 or camt.054 namespace (urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN)");
        }
        if (!VERSION.matcher(version).matches()) {
            throw BankFileException.at(xml.line(), "Document", namespace, "does not end in a two-digit version");
        }
        if (!xml.nextChild() || !xml.name().equals(message)) {
            throw BankFileException.at(xml.line(), xml.path(), null, "expected " + message + " in Document");
        }
        BankStatement statement = message(format, "001." + version, accountElement);
        while (xml.nextChild()) { // nothing else belongs in Document, but it does no harm
            xml.skip();
        }
        return statement;
    }

    private BankStatement message(BankFileFormat format, String version, String accountElement) {
        long messageLine = xml.line();
        String messagePath = xml.path();
        if (!xml.nextChild() || !xml.name().equals("GrpHdr")) {
            throw BankFileException.at(
                    messageLine, messagePath + "/GrpHdr", null, "is missing: the group header must come first");
        }
        Map<String, XmlCursor.Leaf> header = xml.leaves();
        XmlCursor.Leaf messageId = required(header, "MsgId", messageLine, messagePath + "/GrpHdr");
        XmlCursor.Leaf created = required(header, "CreDtTm", messageLine, messagePath + "/GrpHdr");
        TemporalAccessor createdAt = dateTime(created);
        String receiver = first(
                header,
                "MsgRcpt/Id/OrgId/AnyBIC",
                "MsgRcpt/Id/OrgId/BICOrBEI",
                "MsgRcpt/Id/OrgId/Othr/Id",
                "MsgRcpt/Id/PrvtId/Othr/Id",
                "MsgRcpt/Nm");

        List<StatementAccount> accounts = new ArrayList<>();
        String sender = null;
        while (xml.nextChild()) {
            if (!xml.name().equals(accountElement)) {
                xml.skip();
                continue;
            }
            if (accounts.size() == BankFileLimits.MAX_ACCOUNTS) {
                throw BankFileException.at(
                        xml.line(),
                        xml.path(),
                        null,
                        "the file has more than " + BankFileLimits.MAX_ACCOUNTS + " accounts");
            }
            CamtStatement s = new CamtStatement(xml.line(), xml.path(), LocalDate.from(createdAt));
            statement(s);
            accounts.add(s.account());
            if (sender == null) {
                sender = s.servicer;
            }
        }
        if (accounts.isEmpty()) {
            throw BankFileException.at(messageLine, messagePath, null, "has no " + accountElement);
        }
        return new BankStatement(
                format,
                version,
                BankValues.bounded(messageId.text(), messageId.line(), messageId.path()),
                sender,
                receiver,
                LocalDateTime.from(createdAt),
                createdAt.isSupported(ChronoField.OFFSET_SECONDS) ? ZoneOffset.from(createdAt) : null,
                accounts);
    }

    private void statement(CamtStatement s) {
        LocalDate toDate = null;
        while (xml.nextChild()) {
            switch (xml.name()) {
                case "Id" -> s.id = bounded(leaf());
                case "CreDtTm" -> {
                    XmlCursor.Leaf created = leaf();
                    s.asOf = LocalDate.from(dateTime(created));
                }
                case "FrToDt" -> {
                    XmlCursor.Leaf to = xml.leaves().get("ToDtTm");
                    if (to != null) {
                        toDate = LocalDate.from(dateTime(to));
                    }
                }
                case "Acct" -> account(s);
                case "Bal" -> {
                    needAccount(s);
                    balance(s);
                }
                case "TxsSummry" -> s.summary = xml.leaves();
                case "Ntry" -> {
                    needAccount(s);
                    entry(s);
                }
                default -> xml.skip();
            }
        }
        if (s.accountNumber == null) {
            throw BankFileException.at(s.line, s.path + "/Acct", null, "is missing");
        }
        if (toDate != null) {
            s.asOf = toDate;
        }
        s.checkSummary();
    }

    private void needAccount(CamtStatement s) {
        if (s.accountNumber == null) {
            throw BankFileException.at(
                    xml.line(),
                    s.path + "/Acct",
                    null,
                    "is missing: the account must come before balances and entries");
        }
    }

    private void account(CamtStatement s) {
        long line = xml.line();
        String path = xml.path();
        Map<String, XmlCursor.Leaf> acct = xml.leaves();
        XmlCursor.Leaf id = acct.containsKey("Id/IBAN") ? acct.get("Id/IBAN") : acct.get("Id/Othr/Id");
        if (id == null || id.text().isEmpty()) {
            throw BankFileException.at(line, path + "/Id", null, "has neither an IBAN nor an Othr/Id");
        }
        s.accountNumber = BankValues.bounded(id.text(), id.line(), id.path());
        XmlCursor.Leaf ccy = acct.get("Ccy");
        if (ccy != null) {
            s.currency = BankValues.currency(ccy.text(), ccy.line(), ccy.path());
            s.currencySource = "Acct/Ccy";
        }
        s.servicer = first(acct, "Svcr/FinInstnId/BIC", "Svcr/FinInstnId/BICFI");
    }

    private void balance(CamtStatement s) {
        long line = xml.line();
        String path = xml.path();
        Map<String, XmlCursor.Leaf> bal = xml.leaves();
        if (s.balances.size() == BankFileLimits.MAX_SUMMARIES) {
            throw BankFileException.at(line, path, null, "more than " + BankFileLimits.MAX_SUMMARIES + " balances");
        }
        String type = first(bal, "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry");
        if (type == null) {
            throw BankFileException.at(
                    line, path + "/Tp", null, "is missing: a balance needs its type (OPBD, CLBD, …)");
        }
        Money amount = s.accountMoney(CamtValues.amountText(bal, "Amt", line, path));
        boolean debit = direction(bal.get("CdtDbtInd"), line, path) == CreditDebit.DEBIT;
        s.balances.add(new BankSummary(type, debit ? amount.negate() : amount, null, new SourceLocation(line, path)));
    }

    private void entry(CamtStatement s) {
        long line = xml.line();
        String path = xml.path();
        Money amount = null;
        CamtValues.AmountText amountText = null;
        CreditDebit direction = null;
        boolean reversal = false;
        String status = null;
        LocalDate bookingDate = null;
        LocalDate valueDate = null;
        String bankReference = null;
        TransactionCode code = null;
        List<TransactionDraft> details = new ArrayList<>();
        while (xml.nextChild()) {
            switch (xml.name()) {
                case "Amt" -> {
                    amountText = amountText();
                    amount = s.accountMoney(amountText);
                }
                case "CdtDbtInd" -> direction = direction(leaf(), line, path);
                case "RvslInd" -> {
                    String indicator = leaf().text();
                    reversal = indicator.equals("true") || indicator.equals("1");
                }
                case "Sts" -> {
                    Map<String, XmlCursor.Leaf> sts = xml.leaves();
                    status = first(sts, "", "Cd", "Prtry");
                }
                case "BookgDt" -> bookingDate = date();
                case "ValDt" -> valueDate = date();
                case "AcctSvcrRef" -> bankReference = text();
                case "BkTxCd" -> code = code(xml.leaves());
                case "NtryDtls" -> entryDetails(s, details);
                default -> xml.skip();
            }
        }
        if (amount == null) {
            throw BankFileException.at(line, path + "/Amt", null, "is missing");
        }
        if (direction == null) {
            throw BankFileException.at(line, path + "/CdtDbtInd", null, "is missing: CRDT or DBIT");
        }
        CamtEntry head = new CamtEntry(
                line,
                path,
                amount,
                amountText,
                direction,
                reversal,
                status == null || status.isEmpty() || status.equals("BOOK"),
                bookingDate,
                valueDate,
                bankReference,
                code);
        s.count(amount, direction);
        List<TransactionDraft> drafts = head.split(details);
        for (TransactionDraft d : drafts) {
            if (++transactions > BankFileLimits.MAX_TRANSACTIONS) {
                throw BankFileException.at(
                        d.source.line(),
                        d.source.path(),
                        null,
                        "the file has more than " + BankFileLimits.MAX_TRANSACTIONS + " transactions");
            }
            s.transactions.add(d.build());
        }
    }

    private void entryDetails(CamtStatement s, List<TransactionDraft> details) {
        while (xml.nextChild()) {
            if (xml.name().equals("TxDtls")) {
                if (transactions + details.size() >= BankFileLimits.MAX_TRANSACTIONS) {
                    throw BankFileException.at(
                            xml.line(),
                            xml.path(),
                            null,
                            "the file has more than " + BankFileLimits.MAX_TRANSACTIONS + " transactions");
                }
                details.add(transactionDetails(s));
            } else {
                xml.skip();
            }
        }
    }

    private TransactionDraft transactionDetails(CamtStatement s) {
        TransactionDraft d = new TransactionDraft();
        d.source = new SourceLocation(xml.line(), xml.path());
        StringBuilder text = new StringBuilder();
        while (xml.nextChild()) {
            switch (xml.name()) {
                case "Refs" -> {
                    Map<String, XmlCursor.Leaf> refs = xml.leaves();
                    d.bankReference = bounded(refs.get("AcctSvcrRef"));
                    String endToEnd = bounded(refs.get("EndToEndId"));
                    d.customerReference =
                            endToEnd != null && !endToEnd.equals(NOT_PROVIDED) ? endToEnd : bounded(refs.get("ChqNb"));
                }
                case "Amt" -> d.amount = money(amountText());
                case "CdtDbtInd" -> d.direction = direction(leaf(), d.source.line(), d.source.path());
                case "AmtDtls" -> {
                    Map<String, XmlCursor.Leaf> amounts = xml.leaves();
                    if (d.amount == null && amounts.containsKey("TxAmt/Amt")) {
                        d.amount = money(CamtValues.amountText(amounts, "TxAmt/Amt", d.source.line(), d.source.path()));
                    }
                }
                case "BkTxCd" -> d.code = code(xml.leaves());
                case "RltdPties" -> {
                    Map<String, XmlCursor.Leaf> parties = xml.leaves();
                    d.payerName = bounded(firstLeaf(parties, "Dbtr/Nm", "Dbtr/Pty/Nm"));
                    d.payerAccount = bounded(firstLeaf(parties, "DbtrAcct/Id/IBAN", "DbtrAcct/Id/Othr/Id"));
                }
                case "RltdAgts" ->
                    d.payerBank = bounded(firstLeaf(
                            xml.leaves(),
                            "DbtrAgt/FinInstnId/BICFI",
                            "DbtrAgt/FinInstnId/BIC",
                            "DbtrAgt/FinInstnId/ClrSysMmbId/MmbId"));
                case "RmtInf" -> remittance(d, text);
                default -> xml.skip();
            }
        }
        if (text.length() > 0) {
            d.remittanceText = text.toString();
        }
        return d;
    }

    private void remittance(TransactionDraft d, StringBuilder text) {
        while (xml.nextChild()) {
            switch (xml.name()) {
                case "Ustrd" -> addText(text, leaf());
                case "Strd" -> {
                    while (xml.nextChild()) {
                        switch (xml.name()) {
                            case "RfrdDocInf" -> {
                                XmlCursor.Leaf number = xml.leaves().get("Nb");
                                String invoice = bounded(number);
                                if (invoice != null) {
                                    if (d.invoiceNumbers.size() == BankFileLimits.MAX_INVOICE_NUMBERS) {
                                        throw BankFileException.at(
                                                number.line(),
                                                number.path(),
                                                invoice,
                                                "more than " + BankFileLimits.MAX_INVOICE_NUMBERS
                                                        + " invoice numbers in one payment");
                                    }
                                    d.invoiceNumbers.add(invoice);
                                }
                            }
                            case "CdtrRefInf" -> {
                                XmlCursor.Leaf reference = xml.leaves().get("Ref");
                                if (reference != null) {
                                    addText(text, reference);
                                }
                            }
                            case "AddtlRmtInf" -> addText(text, leaf());
                            default -> xml.skip();
                        }
                    }
                }
                default -> xml.skip();
            }
        }
    }

    /** One more line of remittance text; the lines are joined by line feeds. */
    private static void addText(StringBuilder text, XmlCursor.Leaf line) {
        if (line.text().isEmpty()) {
            return;
        }
        if (text.length() + 1 + line.text().length() > BankFileLimits.MAX_TEXT_LENGTH) {
            throw BankFileException.at(
                    line.line(),
                    line.path(),
                    line.text(),
                    "makes the remittance text longer than " + BankFileLimits.MAX_TEXT_LENGTH + " characters");
        }
        if (text.length() > 0) {
            text.append('\n');
        }
        text.append(line.text());
    }

    /** The Amt element the cursor has just entered. */
    private CamtValues.AmountText amountText() {
        String currency = xml.attribute("Ccy");
        long line = xml.line();
        String path = xml.path();
        return new CamtValues.AmountText(currency, xml.text(64), line, path);
    }

    /** BookgDt or ValDt, just entered: a Dt or a DtTm, whose date is kept. */
    private LocalDate date() {
        long line = xml.line();
        String path = xml.path();
        Map<String, XmlCursor.Leaf> leaves = xml.leaves();
        XmlCursor.Leaf date = leaves.get("Dt");
        if (date != null) {
            return CamtValues.date(date);
        }
        XmlCursor.Leaf dateTime = leaves.get("DtTm");
        if (dateTime != null) {
            return LocalDate.from(dateTime(dateTime));
        }
        throw BankFileException.at(line, path, null, "has neither Dt nor DtTm");
    }

    private XmlCursor.Leaf leaf() {
        long line = xml.line();
        String path = xml.path();
        return new XmlCursor.Leaf(xml.text(BankFileLimits.MAX_TEXT_LENGTH), line, path);
    }

    private String text() {
        return bounded(leaf());
    }
}
