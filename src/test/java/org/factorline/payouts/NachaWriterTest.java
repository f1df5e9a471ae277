package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.factorline.payouts.GoldenFiles.assertMatchesGolden;
import static org.factorline.payouts.PayoutFixtures.FRIDAY_AFTERNOON;
import static org.factorline.payouts.PayoutFixtures.chicago;
import static org.factorline.payouts.PayoutFixtures.request;
import static org.factorline.payouts.PayoutFixtures.threeCredits;
import static org.factorline.payouts.PayoutFixtures.workedExampleAdvance;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.factorline.shared.BusinessCalendar;
import org.factorline.shared.Money;
import org.junit.jupiter.api.Test;

/**
 * The ACH files that pay clients, checked against files worked out by hand: every field of the design's
 * worked example, and the counts, entry hash and totals of a three-credit file.
 */
class NachaWriterTest {

    private final NachaWriter writer = new NachaWriter(new BusinessCalendar());

    @Test
    void theWorkedExampleAdvanceOf7970IsOneCcdCreditInOneBlock() {
        NachaFile file = writer.write(
                request(FRIDAY_AFTERNOON, List.of(NachaBatch.of("advance", List.of(workedExampleAdvance())))));

        // Written out field by field from the NACHA record layouts, not from the writer.
        List<String> expected = List.of(
                "1" + "01" + " 091000019" + "1841234567" + "261120" + "1430" + "A" + "094" + "10" + "1"
                        + pad("LAKESHORE BANK", 23) + pad("FACTORLINE CAPITAL LLC", 23) + "FL000001",
                "5" + "220" + pad("FACTORLINE", 16) + pad("", 20) + "1841234567" + "CCD" + pad("ADVANCE", 10)
                        + pad("", 6) + "261123" + "   " + "1" + "09100001" + "0000001",
                "6" + "22" + "02100002" + "1" + pad("4001234567", 17) + "0000797000" + pad("PO-2026-000001", 15)
                        + pad("ACME TRUCKING LLC", 22) + "  " + "0" + "09100001" + "0000001",
                "8" + "220" + "000001" + "0002100002" + "000000000000" + "000000797000" + "1841234567" + pad("", 19)
                        + pad("", 6) + "09100001" + "0000001",
                "9" + "000001" + "000001" + "00000001" + "0002100002" + "000000000000" + "000000797000" + pad("", 39),
                "9".repeat(94),
                "9".repeat(94),
                "9".repeat(94),
                "9".repeat(94),
                "9".repeat(94));
        assertThat(expected).allSatisfy(line -> assertThat(line).hasSize(94));
        assertThat(file.text()).isEqualTo(String.join("\n", expected) + "\n");
        assertMatchesGolden("worked-example-7970.ach", file.bytes());

        assertThat(file.totalCredit()).isEqualTo(Money.usd("7970.00"));
        assertThat(file.recordCount()).isEqualTo(10);
        assertThat(file.control().blockCount()).isEqualTo(1);
        assertThat(file.batches()).singleElement().satisfies(batch -> {
            assertThat(batch.effectiveEntryDate()).isEqualTo(LocalDate.of(2026, 11, 23));
            assertThat(batch.entries())
                    .singleElement()
                    .satisfies(e -> assertThat(e.traceNumber()).isEqualTo("091000010000001"));
        });
    }

    @Test
    void oneEntryMakesFiveRecordsAndFiveNineFilledOnesToCompleteTheBlock() {
        NachaFile file = writer.write(
                request(FRIDAY_AFTERNOON, List.of(NachaBatch.of("ADVANCE", List.of(workedExampleAdvance())))));

        List<String> lines = lines(file);
        assertThat(lines)
                .extracting(l -> l.charAt(0))
                .containsExactly('1', '5', '6', '8', '9', '9', '9', '9', '9', '9');
        assertThat(lines.subList(5, 10)).allSatisfy(l -> assertThat(l).isEqualTo("9".repeat(94)));
        assertThat(lines.get(4)).isNotEqualTo("9".repeat(94)).startsWith("9000001000001");
    }

    @Test
    void threeCreditsOneToSavingsAddUpAsWorkedOutByHand() {
        NachaFile file = writer.write(request(FRIDAY_AFTERNOON, List.of(NachaBatch.of("VENDORPAY", threeCredits()))));
        assertMatchesGolden("three-credits.ach", file.bytes());

        List<String> lines = lines(file);
        assertThat(lines).hasSize(10).allSatisfy(l -> assertThat(l).hasSize(94));
        // 1 + 5 + three 6s + 8 + 9 = 7 records, and 3 filled with 9s.
        assertThat(lines)
                .extracting(l -> l.charAt(0))
                .containsExactly('1', '5', '6', '6', '6', '8', '9', '9', '9', '9');

        // Transaction codes: 22 checking, 32 savings, 22 checking; names uppercased, the 23-character one cut to 22.
        assertThat(lines.get(2)).startsWith("622021000021" + pad("4001234567", 17) + "0000797000");
        assertThat(lines.get(3))
                .isEqualTo("6" + "32" + "02600959" + "3" + pad("000123456789", 17) + "0000145000"
                        + pad("PO-2026-000102", 15) + "BLUEBIRD STAFFING, INC" + "  " + "0" + "091000010000002");
        assertThat(lines.get(4)).startsWith("622121000358" + "98765432101234567" + "0001234567");
        assertThat(lines.get(4)).contains("CEDAR RIDGE PRODUCE CO").endsWith("091000010000003");

        // Entry hash: 02100002 + 02600959 + 12100035 = 16,800,996.
        // Credits: 797,000 + 145,000 + 1,234,567 = 2,176,567 cents ($21,765.67); debits none.
        assertThat(lines.get(5))
                .isEqualTo("8" + "220" + "000003" + "0016800996" + "000000000000" + "000002176567" + "1841234567"
                        + pad("", 25) + "09100001" + "0000001");
        assertThat(lines.get(6))
                .isEqualTo("9" + "000001" + "000001" + "00000003" + "0016800996" + "000000000000" + "000002176567"
                        + pad("", 39));
        assertThat(file.totalCredit()).isEqualTo(Money.usd("21765.67"));
        assertThat(file.control()).isEqualTo(new NachaFile.FileControl(1, 1, 3, 16_800_996L, 0, 2_176_567L));
    }

    @Test
    void twoBatchesKeepTheirOwnDatesAndTraceNumbersRunOnThroughTheFile() {
        // Wednesday before Thanksgiving: advances go out on Friday; rebates were asked for Saturday, so Monday.
        NachaBatch advances = NachaBatch.of("ADVANCE", List.of(workedExampleAdvance()));
        List<NachaEntry> three = threeCredits();
        NachaBatch rebates =
                new NachaBatch("rebate", "S-2026-000123", "NOV 26", LocalDate.of(2026, 11, 28), three.subList(1, 3));
        NachaFile file = writer.write(request(chicago(2026, 11, 25, 10, 5), List.of(advances, rebates)));
        assertMatchesGolden("two-batches.ach", file.bytes());

        List<String> lines = lines(file);
        assertThat(lines)
                .extracting(l -> l.charAt(0))
                .containsExactly('1', '5', '6', '8', '5', '6', '6', '8', '9', '9');
        assertThat(lines.get(1).substring(69, 75)).isEqualTo("261127");
        assertThat(lines.get(4).substring(69, 75)).isEqualTo("261130");
        assertThat(lines.get(4)).contains("S-2026-000123       1841234567CCDREBATE    NOV 26261130   1091000010000002");
        assertThat(lines.get(5)).endsWith("091000010000002");
        assertThat(lines.get(6)).endsWith("091000010000003");
        assertThat(lines.get(7)).endsWith("091000010000002");
        // File entry hash: 02100002 + (02600959 + 12100035) = 16,800,996; credits 797,000 + 1,379,567.
        assertThat(lines.get(8)).startsWith("9000002000001000000030016800996000000000000000002176567");
    }

    @Test
    void theSameRequestGivesTheSameBytes() {
        NachaFileRequest request = request(FRIDAY_AFTERNOON, List.of(NachaBatch.of("VENDORPAY", threeCredits())));
        byte[] first = writer.write(request).bytes();
        byte[] again = new NachaWriter(new BusinessCalendar()).write(request).bytes();
        assertThat(again).isEqualTo(first);
    }

    @Test
    void entriesStayInTheOrderGiven() {
        List<NachaEntry> reversed = new ArrayList<>(threeCredits());
        Collections.reverse(reversed);
        NachaFile file = writer.write(request(FRIDAY_AFTERNOON, List.of(NachaBatch.of("VENDORPAY", reversed))));
        assertThat(file.entries()).containsExactlyElementsOf(reversed);
    }

    @Test
    void namesAreUppercasedFoldedAndCleanedOfWhatNachaCannotCarry() {
        NachaEntry entry = NachaEntry.credit(
                "PO-9",
                " Café Société,\ts.à r.l. 🚚 ",
                "021000021",
                "4001234567",
                AchAccountType.CHECKING,
                Money.usd("1"));
        assertThat(entry.receiverName()).isEqualTo("CAFE SOCIETE, S.A R.L.");
        NachaEntry cut = NachaEntry.credit(
                "PO-10",
                "Northern Lights Refrigerated Logistics",
                "021000021",
                "4001234567",
                AchAccountType.CHECKING,
                Money.usd("1"));
        assertThat(cut.receiverName()).isEqualTo("NORTHERN LIGHTS REFRIG").hasSizeLessThanOrEqualTo(22);
    }

    private static List<String> lines(NachaFile file) {
        assertThat(file.text()).endsWith("\n").doesNotContain("\r");
        return List.of(file.text().split("\n"));
    }

    private static String pad(String value, int width) {
        return value + " ".repeat(width - value.length());
    }
}
