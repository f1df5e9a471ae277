package org.factorline.receipts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.factorline.shared.Money;

/**
 * The head of a camt entry (Ntry), which its transactions share, and the rule that splits it: one
 * transaction per TxDtls when the entry batches several payments (a lockbox batch, a bulk credit), each
 * with its own amount, the amounts adding up to the entry's; otherwise one transaction for the entry.
 */
record CamtEntry(
        long line,
        String path,
        Money amount,
        CamtValues.AmountText amountText,
        CreditDebit direction,
        boolean reversal,
        boolean booked,
        LocalDate bookingDate,
        LocalDate valueDate,
        String bankReference,
        TransactionCode code) {

    /** The entry's transactions, from the drafts of its TxDtls (in file order; possibly none). */
    List<TransactionDraft> split(List<TransactionDraft> details) {
        if (details.isEmpty()) {
            TransactionDraft only = new TransactionDraft();
            only.source = new SourceLocation(line, path);
            only.direction = direction;
            only.amount = amount;
            fill(only);
            return List.of(only);
        }
        if (details.size() == 1) {
            TransactionDraft only = details.get(0);
            // A lone TxDtls amount in another currency (an instructed amount, say) is the payer's, not ours.
            if (only.amount != null
                    && only.amount.currency().equals(amount.currency())
                    && only.amount.compareTo(amount) != 0) {
                throw sumMismatch(only.amount.amount(), 1);
            }
            only.amount = amount;
            only.direction = direction;
            fill(only);
            return details;
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (TransactionDraft d : details) {
            if (d.amount == null) {
                throw BankFileException.at(
                        d.source.line(),
                        d.source.path(),
                        null,
                        "has no amount (Amt or AmtDtls/TxAmt/Amt): each payment of a batched entry needs its own");
            }
            if (!d.amount.currency().equals(amount.currency())) {
                throw BankFileException.at(
                        d.source.line(),
                        d.source.path() + "/Amt",
                        d.amount,
                        "is not in the entry's currency, " + amount.currency());
            }
            if (d.direction == null) {
                d.direction = direction;
            }
            sum = d.direction == direction ? sum.add(d.amount.amount()) : sum.subtract(d.amount.amount());
            fill(d);
        }
        if (sum.compareTo(amount.amount()) != 0) {
            throw sumMismatch(sum, details.size());
        }
        return details;
    }

    private BankFileException sumMismatch(BigDecimal sum, int count) {
        return BankFileException.at(
                amountText.line(),
                amountText.path(),
                amountText.text(),
                "does not equal the sum of its " + count + " TxDtls amounts, " + sum.toPlainString());
    }

    /** What a transaction takes from its entry when it does not say it itself. */
    private void fill(TransactionDraft d) {
        d.booked = booked;
        d.reversal = reversal;
        d.bookingDate = bookingDate;
        d.valueDate = valueDate;
        if (d.bankReference == null) {
            d.bankReference = bankReference;
        }
        if (d.code == null) {
            d.code = code;
        }
    }
}
