package org.factorline.debtors;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import org.factorline.shared.EmailAddress;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.PostalAddress;
import org.factorline.shared.Validation;

/** What staff enter about a debtor. Contacts are replaced as a whole on update. */
public record DebtorDetails(
        String name,
        String taxId,
        PostalAddress address,
        String timeZone,
        Money creditLimit,
        List<ContactDetails> contacts) {

    public record ContactDetails(String name, String email, String phone, boolean primary) {}

    public Validation validate() {
        Validation v = new Validation();
        v.require(
                name != null && !name.isBlank() && name.length() <= 200,
                "name",
                name,
                "is required (at most 200 characters)");
        if (address == null) {
            v.require(false, "address", null, "is required");
        } else {
            address.validate("address.", v);
        }
        try {
            if (timeZone == null) {
                throw new DateTimeException("missing");
            }
            ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            v.require(false, "timeZone", timeZone, "must be a time zone such as America/Chicago");
        }
        v.require(
                creditLimit != null && !creditLimit.isNegative(),
                "creditLimit",
                creditLimit,
                "must be zero or a positive amount");
        List<ContactDetails> cs = contacts == null ? List.of() : contacts;
        for (int i = 0; i < cs.size(); i++) {
            ContactDetails c = cs.get(i);
            String f = "contacts[" + i + "].";
            v.require(c.name() != null && !c.name().isBlank(), f + "name", c.name(), "is required");
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
        }
        return v;
    }
}
