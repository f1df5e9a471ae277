package org.factorline.shared;

import java.util.Locale;
import java.util.regex.Pattern;

/** An e-mail address in the plain form mail servers accept; stored lower-case. */
public record EmailAddress(String value) {

    private static final Pattern FORM =
            Pattern.compile("^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$");

    public EmailAddress {
        if (value == null
                || value.length() > 254
                || !FORM.matcher(value.strip()).matches()) {
            throw FactorlineException.invalid("email", value, "is not an e-mail address");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
