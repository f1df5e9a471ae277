package org.factorline.payouts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.factorline.shared.Money;
import org.factorline.shared.RoutingNumber;

/** A factor, its bank and a few clients, shared by the payout tests. */
final class PayoutFixtures {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    /** The factor banks with an ODFI whose routing number is 091000019 (ODFI id 09100001). */
    static final NachaOriginator ORIGINATOR = new NachaOriginator(
            new RoutingNumber("091000019"),
            "Lakeshore Bank",
            "1841234567",
            "Factorline Capital LLC",
            "Factorline",
            "1841234567");

    /** Friday 20 November 2026, 14:30 in Chicago. */
    static final Instant FRIDAY_AFTERNOON = chicago(2026, 11, 20, 14, 30);

    private PayoutFixtures() {}

    static Instant chicago(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(CHICAGO).toInstant();
    }

    /** The design's worked example: $10,000 face, 80% advance, $25 wire fee and $5 admin fee: $7,970 out. */
    static NachaEntry workedExampleAdvance() {
        return NachaEntry.credit(
                "PO-2026-000001",
                "Acme Trucking LLC",
                "021000021",
                "4001234567",
                AchAccountType.CHECKING,
                Money.usd("7970.00"));
    }

    /** Three credits, one of them to a savings account; totals worked out by hand in the tests. */
    static List<NachaEntry> threeCredits() {
        return List.of(
                NachaEntry.credit(
                        "PO-2026-000101",
                        "Acme Trucking LLC",
                        "021000021",
                        "4001234567",
                        AchAccountType.CHECKING,
                        Money.usd("7970.00")),
                NachaEntry.credit(
                        "PO-2026-000102",
                        "Bluebird Staffing, Inc.",
                        "026009593",
                        "000123456789",
                        AchAccountType.SAVINGS,
                        Money.usd("1450.00")),
                NachaEntry.credit(
                        "PO-2026-000103",
                        "Cedar Ridge Produce Co",
                        "121000358",
                        "98765432101234567",
                        AchAccountType.CHECKING,
                        Money.usd("12345.67")));
    }

    static NachaFileRequest request(Instant createdAt, List<NachaBatch> batches) {
        return new NachaFileRequest(ORIGINATOR, createdAt, CHICAGO, 'A', "FL000001", batches);
    }
}
