package org.factorline.payouts;

import org.factorline.clients.ClientId;
import org.factorline.pricing.PayoutMethod;

/** Narrows a list of payouts; every part is optional. */
public record PayoutFilter(ClientId client, PayoutStatus status, PayoutMethod method) {

    public static PayoutFilter none() {
        return new PayoutFilter(null, null, null);
    }

    public static PayoutFilter pending(PayoutMethod method) {
        return new PayoutFilter(null, PayoutStatus.PENDING, method);
    }
}
