package org.factorline.payouts;

import java.math.BigDecimal;
import org.factorline.shared.BankAccountNumber;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.RoutingNumber;

/**
 * One ACH credit to a client's (or a vendor's) bank account: a CCD entry detail record. The
 * identification number is the payout reference; it comes back on returns and in the bank's reports,
 * so it is kept exactly as given and must fit its 15 characters. Names are uppercased and cut to the
 * 22 characters the field holds. Amounts are positive US dollars of at most 10 digits of cents
 * ($99,999,999.99), the largest the entry's amount field can carry.
 */
public record NachaEntry(
        String identificationNumber,
        String receiverName,
        RoutingNumber routingNumber,
        BankAccountNumber accountNumber,
        AchAccountType accountType,
        Money amount,
        String discretionaryData) {

    static final int IDENTIFICATION_NUMBER_LENGTH = 15;
    static final int RECEIVER_NAME_LENGTH = 22;
    static final int DISCRETIONARY_DATA_LENGTH = 2;
    static final BigDecimal MAX_AMOUNT = new BigDecimal("99999999.99");

    public NachaEntry {
        identificationNumber = identificationNumber(identificationNumber);
        String id = identificationNumber;
        receiverName = NachaFields.name(receiverName, RECEIVER_NAME_LENGTH);
        if (receiverName.isEmpty()) {
            throw NachaException.inEntry(id, "receiverName", receiverName, "is required");
        }
        if (routingNumber == null) {
            throw NachaException.inEntry(id, "routingNumber", null, "is required");
        }
        if (accountNumber == null) {
            throw NachaException.inEntry(id, "accountNumber", null, "is required");
        }
        if (accountType == null) {
            throw NachaException.inEntry(id, "accountType", null, "is required");
        }
        checkAmount(id, amount);
        discretionaryData = discretionaryData == null ? "" : discretionaryData.strip();
        String problem = NachaFields.codeProblem(discretionaryData, DISCRETIONARY_DATA_LENGTH);
        if (problem != null) {
            throw NachaException.inEntry(id, "discretionaryData", discretionaryData, problem);
        }
    }

    /**
     * An entry from the raw strings a form or an import gives, so that a mistyped routing or account
     * number is reported against the entry it belongs to. Discretionary data is left blank.
     */
    public static NachaEntry credit(
            String identificationNumber,
            String receiverName,
            String routingNumber,
            String accountNumber,
            AchAccountType accountType,
            Money amount) {
        String id = identificationNumber(identificationNumber);
        RoutingNumber routing;
        try {
            routing = new RoutingNumber(routingNumber);
        } catch (FactorlineException e) {
            throw NachaException.inEntry(id, "routingNumber", routingNumber, reason(e));
        }
        BankAccountNumber account;
        try {
            account = new BankAccountNumber(accountNumber);
        } catch (FactorlineException e) {
            // Never the whole account number in a message: only its last four characters.
            throw NachaException.inEntry(id, "accountNumber", BankAccountNumber.mask(accountNumber), reason(e));
        }
        return new NachaEntry(id, receiverName, routing, account, accountType, amount, "");
    }

    /** The amount in cents, as the entry's amount field holds it. */
    public long amountMinor() {
        return amount.minorUnits();
    }

    private static String identificationNumber(String raw) {
        String id = raw == null ? "" : raw.strip();
        if (id.isEmpty()) {
            throw NachaException.inField("identificationNumber", raw, "is required (the payout reference)");
        }
        String problem = NachaFields.codeProblem(id, IDENTIFICATION_NUMBER_LENGTH);
        if (problem != null) {
            throw NachaException.inEntry(id, "identificationNumber", id, problem);
        }
        return id;
    }

    private static void checkAmount(String id, Money amount) {
        if (amount == null) {
            throw NachaException.inEntry(id, "amount", null, "is required");
        }
        if (!Money.USD.equals(amount.currency())) {
            throw NachaException.inEntry(id, "amount", amount, "must be in USD: ACH moves US dollars only");
        }
        if (!amount.isPositive()) {
            throw NachaException.inEntry(id, "amount", amount, "must be positive");
        }
        if (amount.amount().compareTo(MAX_AMOUNT) > 0) {
            throw NachaException.inEntry(
                    id, "amount", amount, "must be at most USD 99999999.99 (10 digits of cents in an ACH entry)");
        }
    }

    private static String reason(FactorlineException e) {
        return e.problems().isEmpty() ? e.getMessage() : e.problems().get(0).message();
    }
}
