package org.factorline.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Locale;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.debtors.DebtorId;
import org.factorline.invoices.NewInvoice;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.springframework.format.annotation.DateTimeFormat;

/** The "new invoice" form as typed into the page. */
public class InvoiceForm {

    private UUID clientId;
    private UUID debtorId;
    private String number;
    private String poNumber;

    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
    private LocalDate issueDate;

    private Integer termsDays = 30;

    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
    private LocalDate dueDate;

    private BigDecimal amount;
    private String currency = "USD";

    NewInvoice toCommand() {
        return new NewInvoice(
                clientId == null ? null : new ClientId(clientId),
                debtorId == null ? null : new DebtorId(debtorId),
                number,
                poNumber,
                issueDate,
                termsDays,
                dueDate,
                money());
    }

    private Money money() {
        if (amount == null) {
            return null;
        }
        String code = currency == null ? "" : currency.strip().toUpperCase(Locale.ROOT);
        Currency cur;
        try {
            cur = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw FactorlineException.invalid("currency", currency, "is not a currency code such as USD");
        }
        try {
            return Money.of(amount, cur);
        } catch (IllegalArgumentException e) {
            throw FactorlineException.invalid(
                    "amount", amount.toPlainString(), "has more decimals than " + cur + " allows");
        }
    }

    public UUID getClientId() {
        return clientId;
    }

    public void setClientId(UUID v) {
        clientId = v;
    }

    public UUID getDebtorId() {
        return debtorId;
    }

    public void setDebtorId(UUID v) {
        debtorId = v;
    }

    public String getNumber() {
        return number;
    }

    public void setNumber(String v) {
        number = v;
    }

    public String getPoNumber() {
        return poNumber;
    }

    public void setPoNumber(String v) {
        poNumber = v;
    }

    public LocalDate getIssueDate() {
        return issueDate;
    }

    public void setIssueDate(LocalDate v) {
        issueDate = v;
    }

    public Integer getTermsDays() {
        return termsDays;
    }

    public void setTermsDays(Integer v) {
        termsDays = v;
    }

    public LocalDate getDueDate() {
        return dueDate;
    }

    public void setDueDate(LocalDate v) {
        dueDate = v;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public void setAmount(BigDecimal v) {
        amount = v;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String v) {
        currency = v;
    }
}
