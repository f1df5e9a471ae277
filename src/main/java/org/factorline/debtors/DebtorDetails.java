package org.factorline.debtors;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import org.factorline.shared.EmailAddress;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.PostalAddress;
import org.factorline.shared.Validation;

/**
 * What staff enter about a debtor. Contacts are replaced as a whole on update. Every length is checked
 * against what the database keeps, so a long value is refused by name instead of failing on insert.
 */
public record DebtorDetails(
        String name,
        String taxId,
        PostalAddress address,
        String timeZone,
        Money creditLimit,
        List<ContactDetails> contacts) {

    /** Accounts-payable mailboxes and phones kept per debtor; a handful is plenty. */
    public static final int MAX_CONTACTS = 10;

    /** numeric(19,2): at most 17 digits before the decimal point. */
    static final BigDecimal MAX_CREDIT_LIMIT = new BigDecimal("99999999999999999.99");

    /** {@code primary} may be left out (JSON): it then means "not the primary contact". */
    public record ContactDetails(String name, String email, String phone, Boolean primary) {
        public ContactDetails {
            primary = primary != null && primary;
        }
    }

    public Validation validate() {
        Validation v = new Validation();
        v.require(
                name != null && !name.isBlank() && name.strip().length() <= 200,
                "name",
                name,
                "is required (at most 200 characters)");
        v.require(taxId == null || taxId.strip().length() <= 20, "taxId", taxId, "must be at most 20 characters");
        if (address == null) {
            v.require(false, "address", null, "is required");
        } else {
            address.validate("address.", v);
            maxLength(v, "address.street", address.street(), 200);
            maxLength(v, "address.city", address.city(), 100);
            maxLength(v, "address.region", address.region(), 100);
            maxLength(v, "address.postalCode", address.postalCode(), 20);
        }
        v.require(validZone(timeZone), "timeZone", timeZone, "must be a time zone such as America/Chicago");
        v.require(
                creditLimit != null
                        && !creditLimit.isNegative()
                        && creditLimit.amount().compareTo(MAX_CREDIT_LIMIT) <= 0,
                "creditLimit",
                creditLimit,
                "must be zero or a positive amount");
        List<ContactDetails> cs = contacts == null ? List.of() : contacts;
        v.require(cs.size() <= MAX_CONTACTS, "contacts", cs.size(), "at most " + MAX_CONTACTS + " contacts");
        long primaries = cs.stream().filter(c -> c != null && c.primary()).count();
        v.require(primaries <= 1, "contacts", primaries + " primary", "only one contact can be the primary one");
        for (int i = 0; i < cs.size(); i++) {
            ContactDetails c = cs.get(i);
            String f = "contacts[" + i + "].";
            if (c == null) {
                v.require(false, f + "name", null, "is required");
                continue;
            }
            v.require(
                    c.name() != null && !c.name().isBlank() && c.name().strip().length() <= 200,
                    f + "name",
                    c.name(),
                    "is required (at most 200 characters)");
            v.require(
                    (c.email() != null && !c.email().isBlank())
                            || (c.phone() != null && !c.phone().isBlank()),
                    f + "email",
                    c.email(),
                    "an e-mail or a phone number is required");
            if (c.email() != null && !c.email().isBlank()) {
                try {
                    new EmailAddress(c.email());
                } catch (FactorlineException e) {
                    v.require(false, f + "email", c.email(), "is not an e-mail address");
                }
            }
            maxLength(v, f + "phone", c.phone(), 40);
        }
        return v;
    }

    private static boolean validZone(String zone) {
        if (zone == null || zone.isBlank() || zone.length() > 40) {
            return false;
        }
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static void maxLength(Validation v, String field, String value, int max) {
        v.require(
                value == null || value.strip().length() <= max, field, value, "must be at most " + max + " characters");
    }
}
