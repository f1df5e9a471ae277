package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.factorline.payouts.GoldenFiles.assertMatchesGolden;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.factorline.shared.BankAccountNumber;
import org.factorline.shared.Money;
import org.factorline.shared.RoutingNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The wire instructions export: RFC 4180 CSV, one line per wire, compared byte for byte. */
class WireInstructionsTest {

    private static final WireInstruction WORKED_EXAMPLE = new WireInstruction(
            "Acme Trucking LLC",
            new RoutingNumber("021000021"),
            new BankAccountNumber("4001234567"),
            Money.usd("7970.00"),
            "PO-2026-000001",
            "Advance on schedule S-2026-000123");

    private static final List<WireInstruction> WIRES = List.of(
            WORKED_EXAMPLE,
            new WireInstruction(
                    "Bluebird Staffing, Inc.",
                    new RoutingNumber("026009593"),
                    new BankAccountNumber("000123456789"),
                    Money.usd("1450.00"),
                    "PO-2026-000102",
                    "Rebate, invoice \"INV-77\" paid in full"),
            new WireInstruction(
                    "Cedar Ridge Produce Co",
                    new RoutingNumber("121000358"),
                    new BankAccountNumber("98765432101234567"),
                    Money.usd("12345.67"),
                    "PO-2026-000103",
                    ""));

    @Test
    void theExportMatchesTheGoldenFile() {
        String csv = WireInstructions.toCsv(WIRES);
        assertMatchesGolden("wires.csv", csv.getBytes(StandardCharsets.UTF_8));

        assertThat(csv)
                .startsWith("Beneficiary Name,Routing Number,Account Number,Amount,Currency,Reference,Memo\r\n")
                .contains(
                        "\r\nAcme Trucking LLC,021000021,4001234567,7970.00,USD,PO-2026-000001,Advance on schedule S-2026-000123\r\n")
                // A comma and double quotes: the field is quoted and its quotes doubled.
                .contains("\r\n\"Bluebird Staffing, Inc.\",026009593,000123456789,1450.00,USD,PO-2026-000102,"
                        + "\"Rebate, invoice \"\"INV-77\"\" paid in full\"\r\n")
                // Leading zeros of account and routing numbers are kept: they are text, not numbers.
                .endsWith("\r\nCedar Ridge Produce Co,121000358,98765432101234567,12345.67,USD,PO-2026-000103,\r\n");
    }

    @Test
    void theExportReadsBackAsTheWires() throws IOException {
        String csv = WireInstructions.toCsv(WIRES);
        CSVFormat format = CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv), format)) {
            assertThat(parser.getHeaderNames()).containsExactlyElementsOf(WireInstructions.HEADER);
            List<WireInstruction> read = new ArrayList<>();
            for (CSVRecord r : parser) {
                read.add(new WireInstruction(
                        r.get("Beneficiary Name"),
                        new RoutingNumber(r.get("Routing Number")),
                        new BankAccountNumber(r.get("Account Number")),
                        Money.of(r.get("Amount"), r.get("Currency")),
                        r.get("Reference"),
                        r.get("Memo")));
            }
            assertThat(read).containsExactlyElementsOf(WIRES);
        }
    }

    @Test
    void theSameWiresGiveTheSameText() {
        assertThat(WireInstructions.toCsv(WIRES)).isEqualTo(WireInstructions.toCsv(List.copyOf(WIRES)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0.00     | USD | USD 0.00     | must be positive",
                "-1.00    | USD | USD -1.00    | must be positive",
                "7970.00  | CAD | CAD 7970.00  | must be in USD: a wire to an ABA routing number is a Fedwire",
            })
    void anAmountThatIsNotAPositiveDollarAmountIsRefused(String amount, String currency, String shown, String message) {
        assertThatThrownBy(() -> new WireInstruction(
                        "Acme",
                        new RoutingNumber("021000021"),
                        new BankAccountNumber("4001234567"),
                        Money.of(amount, currency),
                        "PO-1",
                        ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wire PO-1, amount = \"" + shown + "\": " + message);
    }

    @Test
    void textLongerThanFedwireCarriesIsRefusedNotCut() {
        String name = "Northern Lights Refrigerated Logistics LLC";
        assertThatThrownBy(() -> new WireInstruction(
                        name,
                        new RoutingNumber("021000021"),
                        new BankAccountNumber("4001234567"),
                        Money.usd("1"),
                        "PO-1",
                        ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wire PO-1, beneficiaryName = \"" + name + "\": must be at most 35 characters");
        assertThatThrownBy(() -> new WireInstruction(
                        "Acme",
                        new RoutingNumber("021000021"),
                        new BankAccountNumber("4001234567"),
                        Money.usd("1"),
                        "PO-2026-0000001234",
                        ""))
                .hasMessage(
                        "wire PO-2026-0000001234, reference = \"PO-2026-0000001234\": must be at most 16 characters");
        assertThatThrownBy(() -> new WireInstruction(
                        "Acme",
                        new RoutingNumber("021000021"),
                        new BankAccountNumber("4001234567"),
                        Money.usd("1"),
                        "PO-1",
                        "line one\nline two"))
                .hasMessageContaining("memo")
                .hasMessageContaining("must not contain control characters");
        assertThatThrownBy(() -> new WireInstruction(
                        " ",
                        new RoutingNumber("021000021"),
                        new BankAccountNumber("4001234567"),
                        Money.usd("1"),
                        "PO-1",
                        ""))
                .hasMessage("wire PO-1, beneficiaryName = \"\": is required");
    }

    @Test
    void theSameReferenceTwiceAndEmptyOrHugeExportsAreRefused() {
        assertThatThrownBy(() -> WireInstructions.toCsv(List.of(WORKED_EXAMPLE, WORKED_EXAMPLE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "wire PO-2026-000001, reference = \"PO-2026-000001\": appears more than once in the export");
        assertThatThrownBy(() -> WireInstructions.toCsv(List.of())).isInstanceOf(IllegalArgumentException.class);
        List<WireInstruction> tooMany = Collections.nCopies(WireInstructions.MAX_WIRES + 1, WORKED_EXAMPLE);
        assertThatThrownBy(() -> WireInstructions.toCsv(tooMany))
                .hasMessage("wires = \"1001 wires\": must be at most 1000 in one export");
    }
}
