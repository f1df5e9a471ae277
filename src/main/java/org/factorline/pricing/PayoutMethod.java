package org.factorline.pricing;

/** How money is sent to a client; the agreement charges a fee per transfer of each kind. */
public enum PayoutMethod {
    ACH,
    WIRE
}
