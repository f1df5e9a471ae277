package org.factorline.receipts;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells what kind of bank file some bytes are, from what they hold rather than what they are called
 * (banks and people rename files), and reads one whatever its kind.
 */
public final class BankFiles {

    /** As much of a file as {@link #detect} looks at. */
    public static final int DETECTION_BYTES = 4096;

    private static final Pattern BAI2_HEADER = Pattern.compile("01,[^,\\r\\n]*,[^,\\r\\n]*,\\d{6},.*", Pattern.DOTALL);

    private BankFiles() {}

    /**
     * The format of the file that begins with {@code firstBytes} (the first {@link #DETECTION_BYTES} are
     * enough). The content decides; the name is only looked at for delimited text without a header row,
     * which is taken for a lockbox CSV when the name ends in ".csv", so that the reader can say what the
     * header lacks.
     */
    public static BankFileFormat detect(byte[] firstBytes, String fileName) {
        if (firstBytes == null || firstBytes.length == 0) {
            return BankFileFormat.UNKNOWN;
        }
        String head = head(firstBytes).stripLeading();
        if (head.startsWith("<")) {
            return xml(head);
        }
        if (BAI2_HEADER.matcher(head).matches()) {
            return BankFileFormat.BAI2;
        }
        return delimited(head, fileName);
    }

    /**
     * Reads a file of any of the formats; {@code lockbox} is needed only for a lockbox CSV and may be
     * null otherwise.
     */
    public static BankStatement read(byte[] bytes, String fileName, LockboxMapping lockbox) {
        if (bytes == null || bytes.length == 0) {
            throw BankFileException.at(1, "file", fileName, "is empty");
        }
        BankFileFormat format = detect(Arrays.copyOf(bytes, Math.min(bytes.length, DETECTION_BYTES)), fileName);
        return switch (format) {
            case BAI2 -> Bai2Reader.read(bytes);
            case CAMT053, CAMT054 -> CamtReader.read(bytes);
            case LOCKBOX_CSV -> {
                if (lockbox == null) {
                    throw BankFileException.at(
                            1, "file", fileName, "is a lockbox CSV: reading it needs the bank's column mapping");
                }
                yield LockboxReader.read(bytes, lockbox);
            }
            case UNKNOWN ->
                throw BankFileException.at(
                        1, "file", fileName, "is not a BAI2, camt.053, camt.054 or lockbox CSV file");
        };
    }

    private static BankFileFormat xml(String head) {
        if (head.contains(CamtReader.CAMT053) || head.contains("<BkToCstmrStmt")) {
            return BankFileFormat.CAMT053;
        }
        if (head.contains(CamtReader.CAMT054) || head.contains("<BkToCstmrDbtCdtNtfctn")) {
            return BankFileFormat.CAMT054;
        }
        return BankFileFormat.UNKNOWN;
    }

    /** Text whose first line holds at least two fields and no control characters. */
    private static BankFileFormat delimited(String head, String fileName) {
        int end = 0;
        while (end < head.length() && head.charAt(end) != '\n' && head.charAt(end) != '\r') {
            end++;
        }
        String first = head.substring(0, end);
        boolean separated = false;
        boolean letters = false;
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            if (Character.isISOControl(c) && c != '\t') {
                return BankFileFormat.UNKNOWN;
            }
            separated |= c == ',' || c == ';' || c == '\t' || c == '|';
            letters |= Character.isLetter(c);
        }
        if (!separated) {
            return BankFileFormat.UNKNOWN;
        }
        boolean csvName = fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".csv");
        return letters || csvName ? BankFileFormat.LOCKBOX_CSV : BankFileFormat.UNKNOWN;
    }

    /** The bytes as text, enough to look for markers: UTF-16 when a byte order mark says so, else byte for byte. */
    private static String head(byte[] bytes) {
        int b0 = bytes[0] & 0xFF;
        int b1 = bytes.length > 1 ? bytes[1] & 0xFF : -1;
        if (b0 == 0xFE && b1 == 0xFF) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        }
        if (b0 == 0xFF && b1 == 0xFE) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        int start = bytes.length >= 3 && b0 == 0xEF && b1 == 0xBB && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        return new String(bytes, start, bytes.length - start, StandardCharsets.ISO_8859_1);
    }
}
