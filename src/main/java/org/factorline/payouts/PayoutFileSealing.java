package org.factorline.payouts;

import java.util.List;
import java.util.UUID;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.payouts.internal.PayoutRepository;
import org.factorline.shared.SecretBox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals, in place, the payout files released before files were sealed: each holds the whole account
 * number of every client it pays, in clear, in {@code payout_file.content} and so in every dump and backup.
 * A file already sealed is left exactly as it is, so running this again changes nothing. Each file is sealed
 * in its own short transaction under its row lock, with one audit line; what the file says (and its SHA-256,
 * taken of the clear file) does not change, and the product serves it as before.
 */
@Service
public class PayoutFileSealing {

    static final int BATCH = 200;

    /** What a run did: files looked at, sealed now, found sealed already. */
    public record Result(int files, int sealed, int alreadySealed) {}

    private final PayoutRepository rows;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    PayoutFileSealing(PayoutRepository rows, AuditLog audit, PlatformTransactionManager transactions) {
        this.rows = rows;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Walks every payout file (as the system, from {@code seal-payout-files}) and seals those in clear. */
    public Result sealAllAsSystem() {
        int files = 0;
        int sealed = 0;
        UUID after = null;
        while (true) {
            List<UUID> ids = rows.fileIdsAfter(after, BATCH);
            for (UUID id : ids) {
                files++;
                Boolean now = transaction.execute(tx -> CurrentActor.runAs(Actor.system(), () -> sealOne(id)));
                sealed += Boolean.TRUE.equals(now) ? 1 : 0;
            }
            if (ids.size() < BATCH) {
                return new Result(files, sealed, files - sealed);
            }
            after = ids.get(ids.size() - 1);
        }
    }

    private boolean sealOne(UUID id) {
        byte[] stored = rows.storedContentForUpdate(id).orElse(null);
        if (stored == null || SecretBox.isSealed(stored)) {
            return false;
        }
        rows.sealContent(id, stored);
        audit.record(
                "payout_file.sealed",
                "payout_file",
                id,
                null,
                "Payout file sealed in place (" + stored.length + " bytes, released before files were sealed)",
                null,
                null);
        return true;
    }
}
