package org.factorline.clients;

import java.util.UUID;
import org.factorline.shared.EmailAddress;
import org.factorline.shared.PostalAddress;
import org.factorline.shared.Validation;

/** What staff enter about a client: the same shape to register and to update. */
public record ClientDetails(
        String legalName,
        String tradeName,
        String taxId,
        String industry,
        PostalAddress address,
        String contactName,
        String contactEmail,
        String contactPhone,
        UUID accountManagerId) {

    /** US EIN (12-3456789) or any 5 to 20 letters, digits and dashes for other countries. */
    static final String TAX_ID = "[0-9]{2}-[0-9]{7}|[A-Za-z0-9-]{5,20}";

    public Validation validate() {
        Validation v = new Validation();
        v.require(
                legalName != null && !legalName.isBlank() && legalName.length() <= 200,
                "legalName",
                legalName,
                "is required (at most 200 characters)");
        v.require(
                taxId != null && taxId.strip().matches(TAX_ID),
                "taxId",
                taxId,
                "must be an EIN such as 12-3456789 (or 5 to 20 letters, digits and dashes)");
        if (address == null) {
            v.require(false, "address", null, "is required");
        } else {
            address.validate("address.", v);
        }
        if (contactEmail != null && !contactEmail.isBlank()) {
            try {
                new EmailAddress(contactEmail);
            } catch (org.factorline.shared.FactorlineException e) {
                v.require(false, "contactEmail", contactEmail, "is not an e-mail address");
            }
        }
        return v;
    }
}
