package org.factorline.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorContact;
import org.factorline.debtors.DebtorDetails;
import org.factorline.shared.Money;
import org.factorline.shared.PostalAddress;

/** The debtor form as typed into the page: three contact rows, blank rows ignored. */
public class DebtorForm {

    static final int CONTACT_ROWS = 3;

    /** Time zones offered in the form; any other IANA zone can be typed. */
    static final List<String> COMMON_ZONES = List.of(
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Phoenix",
            "America/Los_Angeles",
            "America/Anchorage",
            "Pacific/Honolulu",
            "America/Puerto_Rico",
            "America/Toronto",
            "America/Vancouver",
            "America/Mexico_City",
            "Europe/London",
            "UTC");

    private String name;
    private String taxId;
    private String street;
    private String city;
    private String region;
    private String postalCode;
    private String country = "US";
    private String timeZone = "America/New_York";
    private BigDecimal creditLimit;
    private String currency = "USD";
    private List<ContactForm> contacts = new ArrayList<>();
    private Integer primaryContact = 0;
    private int version;

    public DebtorForm() {
        while (contacts.size() < CONTACT_ROWS) {
            contacts.add(new ContactForm());
        }
    }

    static DebtorForm of(Debtor d) {
        DebtorForm f = new DebtorForm();
        f.name = d.name();
        f.taxId = d.taxId();
        f.street = d.address().street();
        f.city = d.address().city();
        f.region = d.address().region();
        f.postalCode = d.address().postalCode();
        f.country = d.address().country();
        f.timeZone = d.timeZone();
        f.creditLimit = d.creditLimit().amount();
        f.currency = d.creditLimit().currency().getCurrencyCode();
        f.version = d.version();
        f.contacts = new ArrayList<>();
        f.primaryContact = null;
        for (DebtorContact c : d.contacts()) {
            if (c.primary() && f.primaryContact == null) {
                f.primaryContact = f.contacts.size();
            }
            f.contacts.add(new ContactForm(c.name(), c.email(), c.phone()));
        }
        while (f.contacts.size() < CONTACT_ROWS) {
            f.contacts.add(new ContactForm());
        }
        return f;
    }

    /** The details to save; binding has already refused a credit limit that is not a number. */
    DebtorDetails toDetails() {
        List<DebtorDetails.ContactDetails> filled = new ArrayList<>();
        for (int i = 0; i < contacts.size(); i++) {
            ContactForm c = contacts.get(i);
            if (c != null && !c.isBlank()) {
                filled.add(new DebtorDetails.ContactDetails(
                        c.getName(), c.getEmail(), c.getPhone(), primaryContact != null && primaryContact == i));
            }
        }
        return new DebtorDetails(
                name,
                taxId,
                new PostalAddress(
                        street,
                        city,
                        region,
                        postalCode,
                        country == null ? null : country.strip().toUpperCase(java.util.Locale.ROOT)),
                timeZone == null ? null : timeZone.strip(),
                creditLimit == null ? null : money(creditLimit, currency),
                filled);
    }

    private static Money money(BigDecimal amount, String currency) {
        try {
            return Money.of(
                    amount,
                    Currency.getInstance(
                            currency == null || currency.isBlank()
                                    ? "USD"
                                    : currency.strip().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw org.factorline.shared.FactorlineException.invalid(
                    "creditLimit",
                    amount.toPlainString() + " " + currency,
                    "must be an amount in cents and a currency code such as USD");
        }
    }

    public static class ContactForm {
        private String name;
        private String email;
        private String phone;

        public ContactForm() {}

        ContactForm(String name, String email, String phone) {
            this.name = name;
            this.email = email;
            this.phone = phone;
        }

        boolean isBlank() {
            return blank(name) && blank(email) && blank(phone);
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }

        public String getName() {
            return name;
        }

        public void setName(String v) {
            name = v;
        }

        public String getEmail() {
            return email;
        }

        public void setEmail(String v) {
            email = v;
        }

        public String getPhone() {
            return phone;
        }

        public void setPhone(String v) {
            phone = v;
        }
    }

    public String getName() {
        return name;
    }

    public void setName(String v) {
        name = v;
    }

    public String getTaxId() {
        return taxId;
    }

    public void setTaxId(String v) {
        taxId = v;
    }

    public String getStreet() {
        return street;
    }

    public void setStreet(String v) {
        street = v;
    }

    public String getCity() {
        return city;
    }

    public void setCity(String v) {
        city = v;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String v) {
        region = v;
    }

    public String getPostalCode() {
        return postalCode;
    }

    public void setPostalCode(String v) {
        postalCode = v;
    }

    public String getCountry() {
        return country;
    }

    public void setCountry(String v) {
        country = v;
    }

    public String getTimeZone() {
        return timeZone;
    }

    public void setTimeZone(String v) {
        timeZone = v;
    }

    public BigDecimal getCreditLimit() {
        return creditLimit;
    }

    public void setCreditLimit(BigDecimal v) {
        creditLimit = v;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String v) {
        currency = v;
    }

    public List<ContactForm> getContacts() {
        return contacts;
    }

    public void setContacts(List<ContactForm> v) {
        contacts = v;
    }

    public Integer getPrimaryContact() {
        return primaryContact;
    }

    public void setPrimaryContact(Integer v) {
        primaryContact = v;
    }

    public int getVersion() {
        return version;
    }

    public void setVersion(int v) {
        version = v;
    }
}
