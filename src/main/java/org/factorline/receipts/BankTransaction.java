package org.factorline.receipts;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.factorline.shared.Money;

/**
 * One payment in or out of the factor's account, as the bank reported it: the raw material of cash
 * posting. A credit is usually a debtor paying invoices the factor bought; which ones is for the import
 * to work out from the references, the payer and the remittance text. Fields a format does not carry
 * are null; lists are empty, never null.
 *
 * @param source where the transaction is in the file, for the import's report and for errors
 * @param direction credit, debit, or (BAI2 codes 700 to 999) not stated
 * @param amount positive for credits, negative for debits, as written when undetermined
 * @param booked false for camt entries the bank reports as pending, information or future
 * @param reversal true when a camt entry reverses an earlier one (RvslInd)
 * @param bookingDate camt BookgDt, the BAI2 group's as-of date, the lockbox deposit date
 * @param valueDate camt ValDt, or the date of a value-dated (V) BAI2 funds type
 * @param code the BAI2 type code or the ISO 20022 / proprietary bank transaction code
 * @param bankReference the bank's own reference: BAI2 bank reference, camt AcctSvcrRef
 * @param customerReference the payer's reference: BAI2 customer reference (often the check number), camt
 *     EndToEndId or check number, lockbox check number
 * @param payerName camt Dbtr name, lockbox payer; BAI2 has no field for it (it is in the text, if anywhere)
 * @param payerAccount camt DbtrAcct IBAN or other id, lockbox MICR account number
 * @param payerBank camt DbtrAgt BIC or clearing member id, lockbox ABA routing number
 * @param remittanceText BAI2 text with its 88 continuations joined by a space; camt RmtInf Ustrd lines,
 *     Strd creditor references and additional remittance lines joined by a line feed; the lockbox
 *     remittance column
 * @param invoiceNumbers camt Strd/RfrdDocInf/Nb and the lockbox invoice columns, in file order
 * @param availability BAI2 funds type; null for the other formats
 */
public record BankTransaction(
        SourceLocation source,
        CreditDebit direction,
        Money amount,
        boolean booked,
        boolean reversal,
        LocalDate bookingDate,
        LocalDate valueDate,
        TransactionCode code,
        String bankReference,
        String customerReference,
        String payerName,
        String payerAccount,
        String payerBank,
        String remittanceText,
        List<String> invoiceNumbers,
        FundsAvailability availability) {

    public BankTransaction {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(amount, "amount");
        invoiceNumbers = invoiceNumbers == null ? List.of() : List.copyOf(invoiceNumbers);
        boolean signAgrees = switch (direction) {
            case CREDIT, UNDETERMINED -> !amount.isNegative();
            case DEBIT -> !amount.isPositive();
        };
        if (!signAgrees) {
            throw new IllegalArgumentException("a " + direction + " cannot have the amount " + amount);
        }
    }

    public boolean isCredit() {
        return direction == CreditDebit.CREDIT;
    }

    /** The date to post on: the booking date, else the value date; null only when the file gives neither. */
    public LocalDate date() {
        return bookingDate != null ? bookingDate : valueDate;
    }
}
