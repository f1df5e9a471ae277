package org.factorline.shared;

/** A postal address; {@code country} is an ISO 3166 two-letter code. */
public record PostalAddress(String street, String city, String region, String postalCode, String country) {

    public void validate(String prefix, Validation v) {
        v.require(street != null && !street.isBlank(), prefix + "street", street, "is required");
        v.require(city != null && !city.isBlank(), prefix + "city", city, "is required");
        v.require(
                country != null && country.matches("[A-Z]{2}"),
                prefix + "country",
                country,
                "must be a two-letter ISO country code such as US");
    }

    public String oneLine() {
        StringBuilder b = new StringBuilder(street).append(", ").append(city);
        if (region != null && !region.isBlank()) {
            b.append(", ").append(region);
        }
        if (postalCode != null && !postalCode.isBlank()) {
            b.append(' ').append(postalCode);
        }
        return b.append(", ").append(country).toString();
    }
}
