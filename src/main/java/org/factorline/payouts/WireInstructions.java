package org.factorline.payouts;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The day's wires as a CSV for the bank: a header and one line per wire, quoted as RFC 4180 says
 * (fields with commas, quotes or line breaks in double quotes, lines ending in CRLF). The file holds
 * whole account numbers, because the bank needs them; treat it like the NACHA file, not like a report.
 */
public final class WireInstructions {

    public static final List<String> HEADER =
            List.of("Beneficiary Name", "Routing Number", "Account Number", "Amount", "Currency", "Reference", "Memo");

    /** A bank portal's upload takes hundreds of wires at most; more in one export is a bug upstream. */
    public static final int MAX_WIRES = 1_000;

    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get();

    private WireInstructions() {}

    /** The CSV text, wires in the order given. The same wires give the same text. */
    public static String toCsv(List<WireInstruction> wires) {
        if (wires == null || wires.isEmpty()) {
            throw new IllegalArgumentException("wires: an export needs at least one wire");
        }
        if (wires.size() > MAX_WIRES) {
            throw new IllegalArgumentException(
                    "wires = \"" + wires.size() + " wires\": must be at most " + MAX_WIRES + " in one export");
        }
        Set<String> references = new HashSet<>();
        for (WireInstruction wire : wires) {
            if (!references.add(wire.reference())) {
                // Two wires with one reference are one payout sent twice, or two that cannot be told apart.
                throw new IllegalArgumentException("wire " + wire.reference() + ", reference = \"" + wire.reference()
                        + "\": appears more than once in the export");
            }
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            for (WireInstruction wire : wires) {
                printer.printRecord(
                        wire.beneficiaryName(),
                        wire.routingNumber().value(),
                        wire.accountNumber().value(),
                        wire.amount().amount().toPlainString(),
                        wire.amount().currency().getCurrencyCode(),
                        wire.reference(),
                        wire.memo());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }
}
