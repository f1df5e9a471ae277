package org.factorline.invoices;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.factorline.clients.ClientId;
import org.factorline.debtors.DebtorId;
import org.factorline.shared.Money;
import org.factorline.shared.Validation;

/**
 * Submit one invoice. The due date may be left out when the payment terms are given (it is then the
 * issue date plus the terms); the terms may be left out when the due date is given.
 */
public record NewInvoice(
        ClientId clientId,
        DebtorId debtorId,
        String number,
        String poNumber,
        LocalDate issueDate,
        Integer termsDays,
        LocalDate dueDate,
        Money faceAmount) {

    public static final int MAX_NUMBER_LENGTH = 40;
    public static final int MAX_TERMS_DAYS = 365;
    /** numeric(19, 2): seventeen digits before the point. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("99999999999999999.99");

    /** The same invoice for the given client. */
    public NewInvoice forClient(ClientId client) {
        return new NewInvoice(client, debtorId, number, poNumber, issueDate, termsDays, dueDate, faceAmount);
    }

    /** Every problem with the fields on their own; rules that need the database come later. */
    public Validation validate(LocalDate today) {
        Validation v = new Validation();
        v.require(clientId != null, "clientId", null, "is required");
        v.require(debtorId != null, "debtorId", null, "is required");
        v.require(number != null && !number.isBlank(), "number", number, "is required");
        if (number != null && !number.isBlank()) {
            v.require(
                    number.strip().length() <= MAX_NUMBER_LENGTH,
                    "number",
                    number,
                    "must be at most " + MAX_NUMBER_LENGTH + " characters");
            v.require(printable(number), "number", number, "must not contain control characters");
        }
        if (poNumber != null && !poNumber.isBlank()) {
            v.require(
                    poNumber.strip().length() <= MAX_NUMBER_LENGTH && printable(poNumber),
                    "poNumber",
                    poNumber,
                    "must be at most " + MAX_NUMBER_LENGTH + " printable characters");
        }
        v.require(issueDate != null, "issueDate", null, "is required");
        if (issueDate != null) {
            v.require(!issueDate.isAfter(today), "issueDate", issueDate, "must not be in the future");
        }
        v.require(
                termsDays != null || dueDate != null,
                "termsDays",
                null,
                "give the payment terms in days or a due date");
        if (termsDays != null) {
            v.require(
                    termsDays >= 0 && termsDays <= MAX_TERMS_DAYS,
                    "termsDays",
                    termsDays,
                    "must be between 0 and " + MAX_TERMS_DAYS);
        }
        v.require(faceAmount != null, "faceAmount", null, "is required");
        if (faceAmount != null) {
            v.require(faceAmount.isPositive(), "faceAmount", faceAmount, "must be more than zero");
            v.require(faceAmount.amount().compareTo(MAX_AMOUNT) <= 0, "faceAmount", faceAmount, "is too large");
        }
        return v;
    }

    static boolean printable(String s) {
        return s.chars().noneMatch(Character::isISOControl);
    }
}
