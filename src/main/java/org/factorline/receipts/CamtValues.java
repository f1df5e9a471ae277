package org.factorline.receipts;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Currency;
import java.util.Map;
import java.util.regex.Pattern;
import org.factorline.shared.Money;

/** The values of camt elements, each checked where it was read so that an error can name its path and line. */
final class CamtValues {

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}(\\.\\d{1,17})?");

    private CamtValues() {}

    /** An amount as written, with its Ccy attribute (null when absent) and where it is. */
    record AmountText(String currency, String text, long line, String path) {}

    static AmountText amountText(Map<String, XmlCursor.Leaf> leaves, String key, long line, String path) {
        XmlCursor.Leaf amount = leaves.get(key);
        if (amount == null) {
            throw BankFileException.at(line, path + "/" + key, null, "is missing");
        }
        XmlCursor.Leaf currency = leaves.get(key + "/@Ccy");
        return new AmountText(currency == null ? null : currency.text(), amount.text(), amount.line(), amount.path());
    }

    /** An amount checked on its own: a currency, and no more decimals than it has. */
    static Money money(AmountText a) {
        if (a.currency() == null) {
            throw BankFileException.at(a.line(), a.path(), a.text(), "has no currency (the Ccy attribute)");
        }
        Currency currency = BankValues.currency(a.currency(), a.line(), a.path() + "/@Ccy");
        return BankValues.decimal(a.text(), currency, a.line(), a.path());
    }

    /** A total of TxsSummry: a decimal number without currency. */
    static BigDecimal decimal(XmlCursor.Leaf leaf) {
        if (!DECIMAL.matcher(leaf.text()).matches()) {
            throw BankFileException.at(leaf.line(), leaf.path(), leaf.text(), "is not a decimal number");
        }
        return new BigDecimal(leaf.text());
    }

    /** CdtDbtInd: CRDT or DBIT; {@code line} and {@code path} are its parent's, for when it is missing. */
    static CreditDebit direction(XmlCursor.Leaf leaf, long line, String path) {
        if (leaf == null) {
            throw BankFileException.at(line, path + "/CdtDbtInd", null, "is missing: CRDT or DBIT");
        }
        return switch (leaf.text()) {
            case "CRDT" -> CreditDebit.CREDIT;
            case "DBIT" -> CreditDebit.DEBIT;
            default -> throw BankFileException.at(leaf.line(), leaf.path(), leaf.text(), "must be CRDT or DBIT");
        };
    }

    static java.time.LocalDate date(XmlCursor.Leaf leaf) {
        try {
            return java.time.LocalDate.parse(leaf.text(), DateTimeFormatter.ISO_DATE);
        } catch (DateTimeParseException e) {
            throw BankFileException.at(leaf.line(), leaf.path(), leaf.text(), "is not a date as YYYY-MM-DD");
        }
    }

    /** An ISO date and time, with or without its UTC offset. */
    static TemporalAccessor dateTime(XmlCursor.Leaf leaf) {
        try {
            return DateTimeFormatter.ISO_DATE_TIME.parse(leaf.text());
        } catch (DateTimeParseException e) {
            throw BankFileException.at(
                    leaf.line(), leaf.path(), leaf.text(), "is not a date and time as YYYY-MM-DDThh:mm:ss");
        }
    }

    /** The ISO domain/family/sub-family when given, else the proprietary code; null when neither. */
    static TransactionCode code(Map<String, XmlCursor.Leaf> leaves) {
        String domain = bounded(leaves.get("Domn/Cd"));
        String family = bounded(leaves.get("Domn/Fmly/Cd"));
        String subFamily = bounded(leaves.get("Domn/Fmly/SubFmlyCd"));
        if (domain != null && family != null && subFamily != null) {
            return TransactionCode.iso(domain, family, subFamily);
        }
        String proprietary = bounded(leaves.get("Prtry/Cd"));
        return proprietary == null ? null : TransactionCode.proprietary(proprietary, bounded(leaves.get("Prtry/Issr")));
    }

    static XmlCursor.Leaf required(Map<String, XmlCursor.Leaf> leaves, String key, long line, String path) {
        XmlCursor.Leaf leaf = leaves.get(key);
        if (leaf == null || leaf.text().isEmpty()) {
            throw BankFileException.at(line, path + "/" + key, null, "is missing");
        }
        return leaf;
    }

    /** The first of the keys that holds some text; null when none does. */
    static XmlCursor.Leaf firstLeaf(Map<String, XmlCursor.Leaf> leaves, String... keys) {
        for (String key : keys) {
            XmlCursor.Leaf leaf = leaves.get(key);
            if (leaf != null && !leaf.text().isEmpty()) {
                return leaf;
            }
        }
        return null;
    }

    static String first(Map<String, XmlCursor.Leaf> leaves, String... keys) {
        return bounded(firstLeaf(leaves, keys));
    }

    /** The text, or null when absent or blank; refused when longer than a field may be. */
    static String bounded(XmlCursor.Leaf leaf) {
        return leaf == null ? null : BankValues.bounded(leaf.text(), leaf.line(), leaf.path());
    }
}
