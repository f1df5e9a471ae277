package org.factorline.receipts;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * What one bank file says, whatever its format: who sent it, when, and for each account the money that
 * came in and went out. The import service turns the credits into payments applied to invoices; nothing
 * here knows about invoices or debtors.
 *
 * @param version "2" for BAI2, "001.08" and so on for camt; null for lockbox files
 * @param fileId BAI2 file identification number or camt GrpHdr/MsgId: with the sender, what tells a file
 *     sent twice; null for lockbox files
 * @param senderId BAI2 sender; for camt the BIC of the first account's bank; null for lockbox files
 * @param receiverId BAI2 receiver, camt MsgRcpt id or name; null when not given
 * @param createdAt when the bank made the file, in the bank's wall-clock time as written
 * @param createdAtOffset the UTC offset camt may add to it; null when the file gives none (always for BAI2)
 */
public record BankStatement(
        BankFileFormat format,
        String version,
        String fileId,
        String senderId,
        String receiverId,
        LocalDateTime createdAt,
        ZoneOffset createdAtOffset,
        List<StatementAccount> accounts) {

    public BankStatement {
        Objects.requireNonNull(format, "format");
        accounts = List.copyOf(accounts);
    }

    /** Every account's transactions, in file order. */
    public List<BankTransaction> transactions() {
        return accounts.stream().flatMap(a -> a.transactions().stream()).toList();
    }

    public int transactionCount() {
        return accounts.stream().mapToInt(a -> a.transactions().size()).sum();
    }
}
