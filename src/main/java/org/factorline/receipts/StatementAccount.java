package org.factorline.receipts;

import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import org.factorline.shared.Money;

/**
 * One of the factor's bank accounts (or lockboxes) as a bank file reports it: its figures and its
 * transactions, in file order.
 *
 * @param accountNumber BAI2 customer account number, camt IBAN or other id, the mapping's lockbox number
 * @param currency the account's currency; null only for a camt account that states none and has no amounts
 * @param statementId camt Stmt/Id or Ntfctn/Id; null for BAI2 and lockbox files
 * @param asOfDate the BAI2 group's as-of date, or the date a camt statement was made; null for lockbox files
 */
public record StatementAccount(
        String accountNumber,
        Currency currency,
        String statementId,
        LocalDate asOfDate,
        List<BankSummary> summaries,
        List<BankTransaction> transactions,
        SourceLocation source) {

    public StatementAccount {
        Objects.requireNonNull(accountNumber, "accountNumber");
        Objects.requireNonNull(source, "source");
        summaries = List.copyOf(summaries);
        transactions = List.copyOf(transactions);
    }

    public List<BankTransaction> credits() {
        return transactions.stream().filter(BankTransaction::isCredit).toList();
    }

    /** The sum of the credits; zero in the account's currency when there are none. */
    public Money creditTotal() {
        Money total = currency == null ? null : Money.zero(currency);
        for (BankTransaction t : credits()) {
            total = total == null ? t.amount() : total.plus(t.amount());
        }
        return total;
    }
}
