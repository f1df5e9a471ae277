package org.factorline.receipts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.factorline.shared.Money;

/** A transaction being read, field by field; {@link #build()} signs the amount by its direction. */
final class TransactionDraft {

    SourceLocation source;
    CreditDebit direction;
    /** As written in the file: never negative. */
    Money amount;

    boolean booked = true;
    boolean reversal;
    LocalDate bookingDate;
    LocalDate valueDate;
    TransactionCode code;
    String bankReference;
    String customerReference;
    String payerName;
    String payerAccount;
    String payerBank;
    String remittanceText;
    List<String> invoiceNumbers = new ArrayList<>();
    FundsAvailability availability;

    BankTransaction build() {
        Money signed = direction == CreditDebit.DEBIT ? amount.negate() : amount;
        return new BankTransaction(
                source,
                direction,
                signed,
                booked,
                reversal,
                bookingDate,
                valueDate,
                code,
                bankReference,
                customerReference,
                payerName,
                payerAccount,
                payerBank,
                remittanceText,
                invoiceNumbers,
                availability);
    }
}
