package org.factorline.payouts;

import org.factorline.shared.RoutingNumber;

/**
 * Who sends the file and through which bank: the factor as the ACH originator and its bank as the
 * ODFI. The bank assigns the immediate origin and the company identification (often "1" followed by
 * the factor's EIN); they are used exactly as configured, never guessed.
 *
 * @param odfiRoutingNumber the factor's bank, the file's immediate destination
 * @param odfiName the bank's name (immediate destination name, cut to 23 characters)
 * @param immediateOrigin exactly 10 characters, as the bank assigned them (spaces count)
 * @param originName the factor's name in the file header (cut to 23 characters)
 * @param companyName the factor's name in each batch, shown on the receiver's statement (cut to 16)
 * @param companyId the company identification, 1 to 10 characters
 */
public record NachaOriginator(
        RoutingNumber odfiRoutingNumber,
        String odfiName,
        String immediateOrigin,
        String originName,
        String companyName,
        String companyId) {

    static final int IMMEDIATE_ORIGIN_LENGTH = 10;
    static final int HEADER_NAME_LENGTH = 23;
    static final int COMPANY_NAME_LENGTH = 16;
    static final int COMPANY_ID_LENGTH = 10;

    public NachaOriginator {
        if (odfiRoutingNumber == null) {
            throw NachaException.inField("odfiRoutingNumber", null, "is required");
        }
        odfiName = NachaFields.name(odfiName, HEADER_NAME_LENGTH);
        originName = NachaFields.name(originName, HEADER_NAME_LENGTH);
        companyName = NachaFields.name(companyName, COMPANY_NAME_LENGTH);
        if (companyName.isEmpty()) {
            throw NachaException.inField("companyName", companyName, "is required");
        }
        if (immediateOrigin == null
                || immediateOrigin.length() != IMMEDIATE_ORIGIN_LENGTH
                || immediateOrigin.isBlank()
                || NachaFields.codeProblem(immediateOrigin, IMMEDIATE_ORIGIN_LENGTH) != null) {
            throw NachaException.inField(
                    "immediateOrigin",
                    immediateOrigin,
                    "must be exactly 10 printable characters as the bank assigned them"
                            + " (for example \"1\" and the 9-digit EIN, or a space and a routing number)");
        }
        companyId = companyId == null ? "" : companyId.strip();
        String problem = companyId.isEmpty() ? "is required" : NachaFields.codeProblem(companyId, COMPANY_ID_LENGTH);
        if (problem != null) {
            throw NachaException.inField("companyId", companyId, problem);
        }
    }

    /** The first 8 digits of the ODFI's routing number: the batch's originating DFI and trace prefix. */
    public String odfiId() {
        return odfiRoutingNumber.value().substring(0, 8);
    }

    /** A space and the ODFI's 9-digit routing number. */
    public String immediateDestination() {
        return " " + odfiRoutingNumber.value();
    }
}
