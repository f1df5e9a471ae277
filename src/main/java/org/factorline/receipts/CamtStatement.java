package org.factorline.receipts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.factorline.shared.Money;

/**
 * One camt Stmt or Ntfctn being read: its account, its balances and transactions, and the running totals
 * its TxsSummry is checked against once every entry is read.
 */
final class CamtStatement {

    private static final Pattern COUNT = Pattern.compile("\\d{1,15}");

    final long line;
    final String path;
    LocalDate asOf;
    String id;
    String accountNumber;
    String servicer;
    Currency currency;
    String currencySource;
    final List<BankSummary> balances = new ArrayList<>();
    final List<BankTransaction> transactions = new ArrayList<>();
    Map<String, XmlCursor.Leaf> summary;

    private long entries;
    private long credits;
    private long debits;
    private BigDecimal entrySum = BigDecimal.ZERO;
    private BigDecimal creditSum = BigDecimal.ZERO;
    private BigDecimal debitSum = BigDecimal.ZERO;

    CamtStatement(long line, String path, LocalDate messageDate) {
        this.line = line;
        this.path = path;
        this.asOf = messageDate;
    }

    StatementAccount account() {
        return new StatementAccount(
                accountNumber, currency, id, asOf, balances, transactions, new SourceLocation(line, path));
    }

    /** An amount that must be in the account's currency: Acct/Ccy, or else the first amount's. */
    Money accountMoney(CamtValues.AmountText a) {
        Money money = CamtValues.money(a);
        if (currency == null) {
            currency = money.currency();
            currencySource = "the first amount's";
        } else if (!currency.equals(money.currency())) {
            throw BankFileException.at(
                    a.line(),
                    a.path() + "/@Ccy",
                    a.currency(),
                    "differs from the account's currency " + currency + " (" + currencySource + ")");
        }
        return money;
    }

    /** Counts an entry (not its transactions) towards the totals TxsSummry states. */
    void count(Money amount, CreditDebit direction) {
        entries++;
        entrySum = entrySum.add(amount.amount());
        if (direction == CreditDebit.CREDIT) {
            credits++;
            creditSum = creditSum.add(amount.amount());
        } else {
            debits++;
            debitSum = debitSum.add(amount.amount());
        }
    }

    /** TxsSummry, when given, checked against the entries: counts, sums, net. */
    void checkSummary() {
        if (summary == null) {
            return;
        }
        checkCount(summary.get("TtlNtries/NbOfNtries"), entries);
        checkSum(summary.get("TtlNtries/Sum"), entrySum);
        checkCount(summary.get("TtlCdtNtries/NbOfNtries"), credits);
        checkSum(summary.get("TtlCdtNtries/Sum"), creditSum);
        checkCount(summary.get("TtlDbtNtries/NbOfNtries"), debits);
        checkSum(summary.get("TtlDbtNtries/Sum"), debitSum);
        BigDecimal net = creditSum.subtract(debitSum);
        XmlCursor.Leaf netAmount = CamtValues.firstLeaf(summary, "TtlNtries/TtlNetNtry/Amt", "TtlNtries/TtlNetNtryAmt");
        XmlCursor.Leaf netSign = CamtValues.firstLeaf(summary, "TtlNtries/TtlNetNtry/CdtDbtInd", "TtlNtries/CdtDbtInd");
        if (netAmount != null) {
            BigDecimal stated = CamtValues.decimal(netAmount);
            if (netSign != null && CamtValues.direction(netSign, netSign.line(), netSign.path()) == CreditDebit.DEBIT) {
                stated = stated.negate();
            }
            if (stated.compareTo(net) != 0) {
                throw BankFileException.at(
                        netAmount.line(),
                        netAmount.path(),
                        netAmount.text(),
                        "does not match the entries, whose net is " + net.toPlainString()
                                + (net.signum() < 0 ? " (a debit)" : ""));
            }
        }
    }

    private static void checkCount(XmlCursor.Leaf leaf, long computed) {
        if (leaf == null) {
            return;
        }
        if (!COUNT.matcher(leaf.text()).matches()) {
            throw BankFileException.at(leaf.line(), leaf.path(), leaf.text(), "is not a count: digits");
        }
        if (Long.parseLong(leaf.text()) != computed) {
            throw BankFileException.at(
                    leaf.line(), leaf.path(), leaf.text(), "does not match the " + computed + " entries");
        }
    }

    private static void checkSum(XmlCursor.Leaf leaf, BigDecimal computed) {
        if (leaf != null && CamtValues.decimal(leaf).compareTo(computed) != 0) {
            throw BankFileException.at(
                    leaf.line(),
                    leaf.path(),
                    leaf.text(),
                    "does not match the entries, which add up to " + computed.toPlainString());
        }
    }
}
