package org.factorline.receipts;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.ledger.InvariantReport;
import org.factorline.ledger.LedgerInvariants;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.internal.ReceiptRepository;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.factorline.shared.UuidV7;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports a bank file (BAI2, camt.053, camt.054, or lockbox CSV with its mapping) once: the file's
 * content hash is unique, so the same file imported twice — even at the same moment — is applied once.
 * The file is read completely before anything is written; a bad record refuses the whole file, naming
 * the line (or XML path), the field and the value. Each booked credit becomes a payment and goes to the
 * matching engine; debits and pending entries are not cash received and are skipped.
 */
@Service
public class BankFileImports {

    /** The largest file taken in one import. */
    public static final int MAX_BYTES = 20 * 1024 * 1024;

    /** BAI2 type codes of lockbox and check deposits: these earn the agreement's clearance days. */
    static final Set<String> CHECK_CODES = Set.of("115", "116", "118", "121", "135", "165", "166", "175", "176", "181");

    /** The largest file taken by {@link #importLargeFile} (operations, not an upload). */
    public static final int MAX_LARGE_BYTES = 512 * 1024 * 1024;

    private final ReceiptRepository rows;
    private final Receipts receipts;
    private final BulkCashApplication bulk;
    private final AuditLog audit;
    private final LedgerInvariants invariants;
    private final Clock clock;
    private final int setBasedFrom;
    private final int setBasedPart;

    BankFileImports(
            ReceiptRepository rows,
            Receipts receipts,
            BulkCashApplication bulk,
            AuditLog audit,
            LedgerInvariants invariants,
            Clock clock,
            @Value("${factorline.receipts.set-based-from:1000}") int setBasedFrom,
            @Value("${factorline.receipts.set-based-part:50000}") int setBasedPart) {
        if (setBasedPart < 1) {
            throw new IllegalArgumentException(
                    "factorline.receipts.set-based-part must be at least 1, not " + setBasedPart);
        }
        this.setBasedPart = setBasedPart;
        this.invariants = invariants;
        this.rows = rows;
        this.receipts = receipts;
        this.bulk = bulk;
        this.audit = audit;
        this.clock = clock;
        this.setBasedFrom = setBasedFrom;
    }

    /** How a file's payments are applied: one at a time, or the whole file set-based. */
    public enum Path {
        /** From {@code factorline.receipts.set-based-from} credits on (1,000), set-based; below, line by line. */
        BY_SIZE,
        LINE_BY_LINE,
        SET_BASED
    }

    /** Imports an uploaded file (at most {@link #MAX_BYTES}). */
    @Transactional
    public BankFileImport importFile(String fileName, byte[] content, LockboxMapping lockbox) {
        return importFile(fileName, content, lockbox, MAX_BYTES, Path.BY_SIZE, true);
    }

    /**
     * Imports a large file handed over by operations rather than uploaded (a bank's full-day file of up to
     * {@link BankFileLimits#MAX_TRANSACTIONS} payments, at most {@link #MAX_LARGE_BYTES}). The outcome
     * counts the payments but does not list them ({@link BankFileImport#received} is empty): a million
     * would not fit in memory beside the file; they are the bank file's payments in the database.
     */
    @Transactional
    public BankFileImport importLargeFile(String fileName, byte[] content, LockboxMapping lockbox) {
        return importFile(fileName, content, lockbox, MAX_LARGE_BYTES, Path.BY_SIZE, false);
    }

    /** Imports the file through the path given; the outcomes are the same either way. */
    @Transactional
    public BankFileImport importFile(String fileName, byte[] content, LockboxMapping lockbox, int maxBytes, Path path) {
        return importFile(fileName, content, lockbox, maxBytes, path, true);
    }

    private BankFileImport importFile(
            String fileName, byte[] content, LockboxMapping lockbox, int maxBytes, Path path, boolean keepPayments) {
        Actor actor = CurrentActor.get();
        actor.requireRole(Receipts.POSTERS);
        if (content == null || content.length == 0) {
            throw FactorlineException.invalid("file", fileName, "is empty");
        }
        if (content.length > maxBytes) {
            throw FactorlineException.invalid("file", fileName, "is larger than " + maxBytes / (1024 * 1024) + " MB");
        }
        String sha256 = sha256(content);
        rows.fileWithHash(sha256).ifPresent(earlier -> {
            throw duplicate(fileName, earlier);
        });
        BankStatement statement;
        try {
            statement = BankFiles.read(content, fileName, lockbox);
        } catch (BankFileException e) {
            FieldProblem p = e.problem();
            throw new FactorlineException(
                    ErrorCode.BANK_FILE_REFUSED,
                    "The bank file " + (fileName == null ? "" : fileName + " ") + "was not imported: " + e.getMessage(),
                    List.of(p));
        }
        List<BankTransaction> credits = statement.transactions().stream()
                .filter(t -> t.isCredit()
                        && t.booked()
                        && !t.reversal()
                        && t.amount().isPositive())
                .toList();
        Money total = credits.isEmpty()
                ? Money.zero(Money.USD)
                : credits.stream()
                        .map(BankTransaction::amount)
                        .reduce(Money::plus)
                        .orElseThrow();
        UUID id = UuidV7.next(clock);
        LocalDate today = LocalDate.now(clock);
        String reference = rows.nextReference("bank_file_reference_seq", "B", today.getYear());
        boolean first = rows.insertFile(
                id,
                reference,
                statement.format().name(),
                fileName,
                sha256,
                content,
                actor.username(),
                clock.instant(),
                credits.size(),
                total);
        if (!first) {
            throw duplicate(fileName, rows.fileWithHash(sha256).orElse("another import"));
        }
        List<Payment> received = new ArrayList<>();
        int auto = 0;
        boolean setBased = path == Path.SET_BASED || (path == Path.BY_SIZE && credits.size() >= setBasedFrom);
        if (setBased) {
            // a part at a time, in file order, each part reading what the parts before it wrote: the same
            // outcome as the whole file at once, with only one part's payments and invoices in memory
            for (int from = 0; from < credits.size(); from += setBasedPart) {
                List<BankTransaction> part = credits.subList(from, Math.min(credits.size(), from + setBasedPart));
                List<IncomingPayment> in = new ArrayList<>(part.size());
                for (BankTransaction t : part) {
                    in.add(toPayment(t, statement.format()));
                }
                for (Payment p : bulk.recordAll(in, id)) {
                    auto += p.status() == PaymentStatus.APPLIED ? 1 : 0;
                    if (keepPayments) {
                        received.add(p);
                    }
                }
            }
        } else {
            for (BankTransaction t : credits) {
                Payment p = receipts.record(toPayment(t, statement.format()), id);
                auto += p.status() == PaymentStatus.APPLIED ? 1 : 0;
                if (keepPayments) {
                    received.add(p);
                }
            }
        }
        audit.record(
                "bank_file.imported",
                "bank_file",
                id,
                null,
                "Bank file " + reference + " (" + statement.format() + ") imported: " + credits.size() + " credits, "
                        + total.display() + ", " + auto + " applied automatically",
                null,
                null);
        InvariantReport books = invariants.checkAsSystem();
        return new BankFileImport(
                id,
                reference,
                statement.format(),
                fileName,
                credits.size(),
                total,
                auto,
                credits.size() - auto,
                received,
                books.holds(),
                books.violationCount());
    }

    private static IncomingPayment toPayment(BankTransaction t, BankFileFormat format) {
        boolean check = format == BankFileFormat.LOCKBOX_CSV
                || (t.code() != null
                        && t.code().scheme() == TransactionCode.Scheme.BAI2
                        && CHECK_CODES.contains(t.code().code()));
        String remittance = t.remittanceText();
        if (!t.invoiceNumbers().isEmpty()) {
            remittance = (remittance == null ? "" : remittance + "\n") + String.join(" ", t.invoiceNumbers());
        }
        if (remittance != null && remittance.length() > 4000) {
            remittance = remittance.substring(0, 4000);
        }
        return new IncomingPayment(
                t.date(),
                t.amount(),
                check ? ReceiptKind.CHECK : ReceiptKind.ELECTRONIC,
                t.payerName(),
                t.payerAccount(),
                t.bankReference(),
                t.customerReference(),
                remittance,
                t.source().toString());
    }

    private static FactorlineException duplicate(String fileName, String earlier) {
        return new FactorlineException(
                ErrorCode.BANK_FILE_DUPLICATE,
                "This file was already imported as " + earlier + "; nothing was imported again",
                List.of(FieldProblem.of("file", fileName, "has the same content as " + earlier)));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
