package org.factorline.payouts.internal;

import java.time.ZoneId;
import org.factorline.payouts.NachaOriginator;
import org.factorline.shared.RoutingNumber;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code factorline.payouts.*}: the factor's time zone (which day a bank file belongs to), the ACH batch
 * description printed on clients' statements, and the factor as ACH originator, exactly as its bank
 * assigned the values. The defaults describe a demo factor at a demo bank; a real factor sets its own.
 */
@ConfigurationProperties("factorline.payouts")
public record PayoutSettings(String timeZone, String achEntryDescription, Originator originator) {

    static final String DEFAULT_TIME_ZONE = "America/Chicago";
    static final String DEFAULT_ENTRY_DESCRIPTION = "PAYOUT";

    public PayoutSettings {
        timeZone = blank(timeZone) ? DEFAULT_TIME_ZONE : timeZone.strip();
        achEntryDescription = blank(achEntryDescription) ? DEFAULT_ENTRY_DESCRIPTION : achEntryDescription.strip();
        if (achEntryDescription.length() > 10) {
            throw new IllegalArgumentException("factorline.payouts.ach-entry-description \"" + achEntryDescription
                    + "\" must be at most 10 characters: it is printed on the client's bank statement");
        }
        originator = originator == null ? new Originator(null, null, null, null, null, null) : originator;
    }

    /**
     * @param odfiRoutingNumber the factor's bank (the file's immediate destination)
     * @param immediateOrigin exactly 10 characters as the bank assigned them, often "1" and the EIN
     * @param companyId the company identification in each batch, often the same as the immediate origin
     */
    public record Originator(
            String odfiRoutingNumber,
            String odfiName,
            String immediateOrigin,
            String originName,
            String companyName,
            String companyId) {

        public Originator {
            odfiRoutingNumber = orDefault(odfiRoutingNumber, "111000025");
            odfiName = orDefault(odfiName, "Demo National Bank");
            immediateOrigin = immediateOrigin == null || immediateOrigin.isEmpty() ? "1999999999" : immediateOrigin;
            originName = orDefault(originName, "Factorline Demo Capital");
            companyName = orDefault(companyName, "Factorline Demo");
            companyId = orDefault(companyId, "1999999999");
        }
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** The originator as the NACHA writer takes it; refuses a value the bank could not have assigned. */
    public NachaOriginator nachaOriginator() {
        return new NachaOriginator(
                new RoutingNumber(originator.odfiRoutingNumber()),
                originator.odfiName(),
                originator.immediateOrigin(),
                originator.originName(),
                originator.companyName(),
                originator.companyId());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String orDefault(String value, String fallback) {
        return blank(value) ? fallback : value.strip();
    }
}
