package org.factorline.receipts;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Writes a BAI2 file of credits to one account, with every control total and record count right: the bank
 * files the equivalence test and the benchmark import. Text must hold no slash (it ends a BAI2 record).
 */
public final class Bai2Writer {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyMMdd");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
    private final String fileId;
    private final LocalDate asOf;
    private long total;
    private long credits;

    public Bai2Writer(String fileId, LocalDate asOf) {
        this.fileId = fileId;
        this.asOf = asOf;
    }

    /** A credit: BAI2 type 195 (incoming wire/ACH, electronic) or 115 (lockbox, a check). */
    public Bai2Writer credit(
            boolean check, BigDecimal amount, String bankReference, String customerReference, String text) {
        long cents = amount.movePointRight(2).longValueExact();
        total += cents;
        credits++;
        write("16," + (check ? "115" : "195") + "," + cents + ",0," + bankReference + "," + customerReference + ","
                + text + "/\n");
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream file = new ByteArrayOutputStream(out.size() + 512);
        String day = asOf.format(DAY);
        long accountRecords = credits + 2;
        long groupRecords = accountRecords + 2;
        byte[] head = ("01,021000021,FACTORLINE," + day + ",0630," + fileId + ",,,2/\n"
                        + "02,FACTORLINE,021000021,1," + day + ",2400,USD,2/\n"
                        + "03,000123456789,USD/\n")
                .getBytes(StandardCharsets.US_ASCII);
        file.writeBytes(head);
        file.writeBytes(out.toByteArray());
        file.writeBytes(("49," + total + "," + accountRecords + "/\n"
                        + "98," + total + ",1," + groupRecords + "/\n"
                        + "99," + total + ",1," + (groupRecords + 2) + "/\n")
                .getBytes(StandardCharsets.US_ASCII));
        return file.toByteArray();
    }

    private void write(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
