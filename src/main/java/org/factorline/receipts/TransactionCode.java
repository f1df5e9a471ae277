package org.factorline.receipts;

import java.util.Objects;

/**
 * What kind of transaction the bank says it is: a BAI2 type code ("175", check deposit), an ISO 20022
 * bank transaction code as domain/family/sub-family ("PMNT/RCDT/ESCT", a received SEPA credit transfer),
 * or a bank's proprietary code with its issuer.
 */
public record TransactionCode(Scheme scheme, String code, String issuer) {

    public enum Scheme {
        BAI2,
        ISO20022,
        PROPRIETARY
    }

    public TransactionCode {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(code, "code");
    }

    public static TransactionCode bai2(String typeCode) {
        return new TransactionCode(Scheme.BAI2, typeCode, null);
    }

    /** Domain, family and sub-family, joined with "/": "PMNT/RCDT/ESCT". */
    public static TransactionCode iso(String domain, String family, String subFamily) {
        return new TransactionCode(Scheme.ISO20022, domain + "/" + family + "/" + subFamily, null);
    }

    public static TransactionCode proprietary(String code, String issuer) {
        return new TransactionCode(Scheme.PROPRIETARY, code, issuer);
    }

    @Override
    public String toString() {
        return scheme + " " + code + (issuer == null ? "" : " (" + issuer + ")");
    }
}
