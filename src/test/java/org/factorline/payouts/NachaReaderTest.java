package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.factorline.payouts.PayoutFixtures.FRIDAY_AFTERNOON;
import static org.factorline.payouts.PayoutFixtures.request;
import static org.factorline.payouts.PayoutFixtures.threeCredits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.factorline.shared.BusinessCalendar;
import org.factorline.shared.Money;
import org.junit.jupiter.api.Test;

/**
 * Reading a NACHA file back: a written file reads back equal to itself, and a file that does not add up
 * is refused with the line and field at fault. The three-credit file used here has its header on line
 * 1, the batch header on 2, entries on 3 to 5, the batch control on 6, the file control on 7 and
 * 9-filled records on 8 to 10.
 */
class NachaReaderTest {

    private final NachaFile threeCredits = new NachaWriter(new BusinessCalendar())
            .write(request(FRIDAY_AFTERNOON, List.of(NachaBatch.of("VENDORPAY", threeCredits()))));

    @Test
    void aWrittenFileReadsBackEqualToItself() {
        NachaFile read = NachaReader.read(threeCredits.text());

        assertThat(read).isEqualTo(threeCredits);
        assertThat(read.entries()).containsExactlyElementsOf(threeCredits());
        assertThat(read.totalCredit()).isEqualTo(Money.usd("21765.67"));
        assertThat(read.control().entryHash()).isEqualTo(16_800_996L);
        assertThat(read.tracedEntries())
                .extracting(NachaFile.TracedEntry::traceNumber)
                .containsExactly("091000010000001", "091000010000002", "091000010000003");
        assertThat(read.header().immediateDestination()).isEqualTo(" 091000019");
        assertThat(read.header().originName()).isEqualTo("FACTORLINE CAPITAL LLC");
    }

    @Test
    void linesEndingInCarriageReturnAndLineFeedAreReadToo() {
        NachaFile read = NachaReader.read(threeCredits.text().replace("\n", "\r\n"));
        assertThat(read.entries()).containsExactlyElementsOf(threeCredits());
        assertThat(read.control()).isEqualTo(threeCredits.control());
    }

    @Test
    void aRecordOfTheWrongLengthIsRefused() {
        assertRefused(
                line(3, l -> l.substring(1)), "line 3, record = \"93 characters\": every record must be 94 characters");
        assertRefused(line(8, l -> l + "9"), "line 8, record = \"95 characters\": every record must be 94 characters");
    }

    @Test
    void anAmountChangedAfterTheFileWasMadeBreaksTheBatchTotal() {
        String changed = line(4, l -> replace(l, 30, "0000145001"));
        assertRefused(
                changed,
                "line 6, totalCreditAmount = \"000002176567\": does not match the records, which give 2176568");
    }

    @Test
    void aRoutingNumberChangedAfterTheFileWasMadeBreaksTheEntryHash() {
        // 121000358 becomes 011000015, also a valid routing number: only the hash can tell.
        String changed = line(5, l -> replace(l, 4, "011000015"));
        // 02100002 + 02600959 + 01100001 = 5,800,962
        assertRefused(changed, "line 6, entryHash = \"0016800996\": does not match the records, which give 5800962");
    }

    @Test
    void theFileControlIsCheckedAgainstTheBatches() {
        assertRefused(
                line(7, l -> replace(l, 44, "000002176568")),
                "line 7, totalCreditAmount = \"000002176568\": does not match the records, which give 2176567");
        assertRefused(
                line(7, l -> replace(l, 22, "0016800997")),
                "line 7, entryHash = \"0016800997\": does not match the records, which give 16800996");
        assertRefused(
                line(7, l -> replace(l, 14, "00000004")),
                "line 7, entryAddendaCount = \"00000004\": does not match the records, which give 3");
    }

    @Test
    void blockingIsChecked() {
        String nineRecords = threeCredits.text().substring(0, 9 * 95);
        assertRefused(
                nineRecords, "line 9, blocking = \"9 records\": must be a multiple of 10 records (blocking factor 10)");
        String twentyRecords = threeCredits.text() + (NachaFields.FILLER + "\n").repeat(10);
        assertRefused(twentyRecords, "line 7, blockCount = \"000001\": does not match the records, which give 2");
        assertRefused(
                line(9, l -> threeCredits.text().split("\n")[0]),
                "line 9, record = \"1\": only 9-filled records may follow the file control");
    }

    @Test
    void everyRecordEndsWithALineFeed() {
        String text = threeCredits.text();
        assertRefused(
                text.substring(0, text.length() - 1),
                "line 10, record = \"" + NachaFields.FILLER + "\": the last record does not end with \"\\n\"");
        assertRefused("", "line 1, record = \"\": the file is empty");
    }

    @Test
    void entriesOtherThanCreditsAreRefused() {
        assertRefused(
                line(3, l -> replace(l, 2, "27")),
                "line 3, transactionCode = \"27\": must be 22 (checking credit) or 32 (savings credit)");
        assertRefused(
                line(3, l -> replace(l, 79, "1")),
                "line 3, addendaRecordIndicator = \"1\": must be 0: addenda records are not supported");
        assertRefused(line(3, l -> replace(l, 30, "0000000000")), "line 3, amount = \"USD 0.00\": must be positive");
        assertRefused(line(3, l -> replace(l, 30, "00007970.0")), "line 3, amount = \"00007970.0\": must be 10 digits");
    }

    @Test
    void aRoutingNumberWithAWrongCheckDigitIsRefusedAtItsLine() {
        assertRefused(
                line(3, l -> replace(l, 4, "021000022")),
                "line 3, receivingDfiIdentification = \"021000022\": fails the ABA check digit");
    }

    @Test
    void recordsOutOfOrderAreRefused() {
        List<String> lines = new ArrayList<>(Arrays.asList(threeCredits.text().split("\n")));
        lines.remove(5); // the batch control
        lines.add(NachaFields.FILLER);
        assertRefused(
                String.join("\n", lines) + "\n",
                "line 6, recordType = \"9\": expected an entry detail (6) or a batch control (8)");
        assertRefused(
                line(3, l -> replace(l, 1, "7")), "line 3, recordType = \"7\": addenda records (7) are not supported");
        assertRefused(line(2, l -> replace(l, 51, "PPD")), "line 2, standardEntryClassCode = \"PPD\": must be \"CCD\"");
        assertRefused(
                line(5, l -> replace(l, 80, "091000010000001")),
                "line 5, traceNumber = \"091000010000001\": must be greater than the previous entry's 091000010000002");
    }

    @Test
    void aCharacterThatIsNotAsciiIsRefused() {
        assertRefused(
                line(3, l -> replace(l, 55, "É")),
                "line 3, record = \"position 55\": holds a character that is not printable ASCII");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> NachaReader.read(text))
                .isInstanceOf(NachaException.class)
                .hasMessage(message);
    }

    /** The three-credit file with one line (counted from 1) changed. */
    private String line(int number, UnaryOperator<String> change) {
        String[] lines = threeCredits.text().split("\n");
        lines[number - 1] = change.apply(lines[number - 1]);
        return String.join("\n", lines) + "\n";
    }

    /** {@code record} with {@code value} written over it from {@code position} (counted from 1, as NACHA does). */
    static String replace(String record, int position, String value) {
        return record.substring(0, position - 1) + value + record.substring(position - 1 + value.length());
    }
}
