package org.factorline.payouts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import org.factorline.shared.BankAccountNumber;
import org.factorline.shared.RoutingNumber;

/**
 * Turns payouts into the bytes of a bank file. Pure: the same payouts, in the same order, with the same
 * creation time and modifier, give the same bytes — which is how a stored file is checked again.
 */
final class BankFiles {

    /** File id modifiers in the order the day's files use them. */
    static final String MODIFIERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private BankFiles() {}

    /** A payout with its account number opened, ready to be written. */
    record Line(Payout payout, BankAccountNumber account) {}

    /** The n-th ACH file of a day (from 1) gets A, the 27th gets 0, the 37th starts again at A. */
    static char modifier(int daySequence) {
        return MODIFIERS.charAt((daySequence - 1) % MODIFIERS.length());
    }

    /** Up to 8 characters for the factor's own use in the file header: "PF" and the file's number. */
    static String referenceCode(String fileReference) {
        return "PF" + fileReference.substring(Math.max(0, fileReference.length() - 6));
    }

    static byte[] ach(
            NachaWriter writer,
            NachaOriginator originator,
            Instant createdAt,
            ZoneId zone,
            char modifier,
            String referenceCode,
            String entryDescription,
            List<Line> lines) {
        List<NachaEntry> entries = lines.stream().map(BankFiles::entry).toList();
        NachaFileRequest request = new NachaFileRequest(
                originator,
                createdAt,
                zone,
                modifier,
                referenceCode,
                List.of(new NachaBatch(entryDescription, "", "", null, entries)));
        return writer.write(request).bytes();
    }

    static byte[] wires(List<Line> lines) {
        return WireInstructions.toCsv(lines.stream().map(BankFiles::wire).toList())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The payout as an ACH credit; the identification number is the payout reference. */
    static NachaEntry entry(Line line) {
        Payout p = line.payout();
        return new NachaEntry(
                p.reference(),
                p.beneficiaryName(),
                new RoutingNumber(p.routingNumber()),
                line.account(),
                p.accountType(),
                p.amount(),
                "");
    }

    static WireInstruction wire(Line line) {
        Payout p = line.payout();
        return new WireInstruction(
                p.beneficiaryName(),
                new RoutingNumber(p.routingNumber()),
                line.account(),
                p.amount(),
                p.reference(),
                p.memo());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
