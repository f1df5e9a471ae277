package org.factorline.payouts;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.payouts.internal.PayoutRepository;
import org.factorline.payouts.internal.PayoutSettings;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.BankAccountNumber;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.Money;
import org.factorline.shared.SecretBox;
import org.factorline.shared.UuidV7;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Releasing pending payouts into a bank file, and reading the file back: the second half of the
 * four-eyes rule on paying clients, and the only place where account numbers are opened. Called through
 * {@link Payouts}, whose methods hold the transaction.
 */
@Component
class Releases {

    private final PayoutRepository rows;
    private final AuditLog audit;
    private final SecretBox secrets;
    private final NachaWriter nacha;
    private final PayoutSettings settings;
    private final Clock clock;

    Releases(
            PayoutRepository rows,
            AuditLog audit,
            SecretBox secrets,
            NachaWriter nacha,
            PayoutSettings settings,
            Clock clock) {
        this.rows = rows;
        this.audit = audit;
        this.secrets = secrets;
        this.nacha = nacha;
        this.settings = settings;
        this.clock = clock;
    }

    // --- releasing into a bank file ---

    /**
     * Releases pending payouts of one method into a new bank file: the ones named, or (null or empty)
     * every pending one, oldest first, up to {@link Payouts#MAX_PAYOUTS_PER_FILE}. The rows are locked in id
     * order, so racing releases queue rather than deadlock, and each payout is then taken by a conditional
     * update whose count must match: if another release took one meanwhile, the caller's transaction rolls
     * back, file included.
     */
    PayoutFile release(PayoutMethod method, List<PayoutId> payoutIds) {
        Actor actor = CurrentActor.get();
        actor.requireRole(Payouts.MONEY_MOVERS);
        if (method == null) {
            throw FactorlineException.invalid("method", null, "is required: ACH or WIRE");
        }
        List<UUID> only = payoutIds == null || payoutIds.isEmpty()
                ? null
                : List.copyOf(new LinkedHashSet<>(
                        payoutIds.stream().map(PayoutId::value).toList()));
        if (only != null && only.size() > Payouts.MAX_PAYOUTS_PER_FILE) {
            throw FactorlineException.invalid(
                    "payoutIds",
                    only.size() + " payouts",
                    "at most " + Payouts.MAX_PAYOUTS_PER_FILE + " go in one file");
        }
        List<PayoutRepository.Stored> taken = rows.lockPending(method, only, Payouts.MAX_PAYOUTS_PER_FILE);
        if (only != null && taken.size() != only.size()) {
            refuseUnreleasable(method, only, taken);
        }
        if (taken.isEmpty()) {
            throw new FactorlineException(
                    ErrorCode.PAYOUT_NOTHING_TO_RELEASE,
                    "There are no pending " + method + " payouts to release",
                    List.of(FieldProblem.of("method", method, "has no pending payouts")));
        }
        requireSecondPerson(actor, taken);

        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ZoneId zone = settings.zone();
        LocalDate fileDate = createdAt.atZone(zone).toLocalDate();
        int daySequence = rows.nextDaySequence(method, fileDate);
        String reference = rows.nextFileReference(fileDate.getYear());
        List<BankFiles.Line> lines = taken.stream().map(this::line).toList();
        PayoutRepository.StoredFile recipe = method == PayoutMethod.ACH
                ? new PayoutRepository.StoredFile(
                        null,
                        zone.getId(),
                        settings.nachaOriginator(),
                        settings.achEntryDescription(),
                        BankFiles.referenceCode(reference))
                : new PayoutRepository.StoredFile(null, zone.getId(), null, null, null);
        Character modifier = method == PayoutMethod.ACH ? BankFiles.modifier(daySequence) : null;
        byte[] content = build(method, recipe, createdAt, modifier, lines);

        Money total =
                lines.stream().map(l -> l.payout().amount()).reduce(Money::plus).orElseThrow();
        PayoutFile file = new PayoutFile(
                new PayoutFileId(UuidV7.next(clock)),
                reference,
                method,
                PayoutFileStatus.RELEASED,
                createdAt,
                actor.username(),
                fileDate,
                modifier == null ? null : modifier.toString(),
                lines.size(),
                total,
                BankFiles.sha256(content),
                content.length,
                null,
                null,
                0);
        try {
            rows.insertFile(
                    new PayoutRepository.StoredFile(
                            file,
                            recipe.timeZone(),
                            recipe.originator(),
                            recipe.entryDescription(),
                            recipe.referenceCode()),
                    daySequence,
                    content);
        } catch (DuplicateKeyException e) {
            throw new FactorlineException(
                    ErrorCode.CONCURRENT_MODIFICATION,
                    "Another " + method + " file was released at the same moment; nothing was released, release again");
        }
        List<UUID> ids = taken.stream().map(s -> s.payout().id().value()).toList();
        int claimed = rows.claim(file.id(), ids, createdAt);
        if (claimed != ids.size()) {
            throw new FactorlineException(
                    ErrorCode.CONCURRENT_MODIFICATION,
                    (ids.size() - claimed) + " of the " + ids.size() + " payouts were released into another file"
                            + " meanwhile; nothing was released, reload and release again");
        }
        for (BankFiles.Line l : lines) {
            Payout p = l.payout();
            audit.record(
                    "payout.released",
                    "payout",
                    p.id().value(),
                    p.clientId().value(),
                    "Payout " + p.reference() + " released in " + method + " file " + reference,
                    null,
                    null);
        }
        audit.record(
                "payout_file.released",
                "payout_file",
                file.id().value(),
                null,
                method + " file " + reference + " released: " + file.entryCount() + " payouts, " + total.display()
                        + ", sha256 " + file.sha256(),
                null,
                file);
        return rows.findFile(file.id()).orElseThrow().file();
    }

    private void refuseUnreleasable(PayoutMethod method, List<UUID> asked, List<PayoutRepository.Stored> taken) {
        Map<UUID, Payout> found = rows.findAll(asked).stream()
                .filter(p -> CurrentActor.get().canSeeClient(p.clientId().value()))
                .collect(Collectors.toMap(p -> p.id().value(), Function.identity()));
        List<UUID> takenIds = taken.stream().map(s -> s.payout().id().value()).toList();
        List<FieldProblem> problems = new ArrayList<>();
        ErrorCode code = ErrorCode.VALIDATION_FAILED;
        for (UUID id : asked) {
            if (takenIds.contains(id)) {
                continue;
            }
            Payout p = found.get(id);
            if (p == null) {
                throw FactorlineException.notFound("payout", id);
            }
            if (p.method() != method) {
                problems.add(FieldProblem.of(
                        "payoutIds",
                        p.reference(),
                        "is a " + p.method() + " payout; release it in a " + p.method() + " file"));
            } else {
                code = ErrorCode.PAYOUT_NOT_PENDING;
                problems.add(FieldProblem.of(
                        "payoutIds",
                        p.reference(),
                        "is " + p.status() + (p.fileId() == null ? "" : " in another file")
                                + ", not PENDING; a payout is released into one file only"));
            }
        }
        throw new FactorlineException(
                code,
                "Payout " + problems.get(0).value() + " cannot be released: "
                        + problems.get(0).message()
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""),
                problems);
    }

    private static void requireSecondPerson(Actor actor, List<PayoutRepository.Stored> taken) {
        List<FieldProblem> own = taken.stream()
                .map(PayoutRepository.Stored::payout)
                .filter(p -> p.createdBy().equalsIgnoreCase(actor.username()))
                .map(p -> FieldProblem.of(
                        "payoutIds",
                        p.reference(),
                        "was created by " + p.createdBy() + "; another person must release it"))
                .toList();
        if (!own.isEmpty()) {
            throw new FactorlineException(
                    ErrorCode.FOUR_EYES_REQUIRED,
                    "Payout " + own.get(0).value() + " was created by " + actor.username()
                            + ", who may not also release it: a different person releases payouts"
                            + (own.size() > 1 ? " (" + own.size() + " of the payouts are theirs)" : ""),
                    own);
        }
    }

    private BankFiles.Line line(PayoutRepository.Stored s) {
        return new BankFiles.Line(s.payout(), new BankAccountNumber(secrets.open(s.accountSealed())));
    }

    private byte[] build(
            PayoutMethod method,
            PayoutRepository.StoredFile recipe,
            Instant createdAt,
            Character modifier,
            List<BankFiles.Line> lines) {
        if (method == PayoutMethod.WIRE) {
            return BankFiles.wires(lines);
        }
        return BankFiles.ach(
                nacha,
                recipe.originator(),
                createdAt,
                ZoneId.of(recipe.timeZone()),
                modifier,
                recipe.referenceCode(),
                recipe.entryDescription(),
                lines);
    }

    // --- the file's bytes ---

    /** The file exactly as released. It holds whole account numbers: for the people who send money only. */
    byte[] content(PayoutFileId id) {
        Actor actor = CurrentActor.get();
        actor.requireRole(Payouts.MONEY_MOVERS);
        PayoutFile file = rows.findFile(id)
                .map(PayoutRepository.StoredFile::file)
                .orElseThrow(() -> FactorlineException.notFound("payout file", id));
        byte[] bytes = rows.content(id).orElseThrow();
        audit.record(
                "payout_file.downloaded",
                "payout_file",
                id.value(),
                null,
                file.method() + " file " + file.reference() + " downloaded (" + bytes.length + " bytes)",
                null,
                null);
        return bytes;
    }

    /**
     * Makes the file again from its stored payouts, creation time, modifier and originator. It equals
     * the stored bytes unless something changed what was stored; compare the two to check a file.
     */
    byte[] regenerate(PayoutFileId id) {
        CurrentActor.get().requireRole(Payouts.MONEY_MOVERS);
        PayoutRepository.StoredFile stored =
                rows.findFile(id).orElseThrow(() -> FactorlineException.notFound("payout file", id));
        PayoutFile f = stored.file();
        List<BankFiles.Line> lines = rows.inFile(id).stream().map(this::line).toList();
        return build(
                f.method(),
                stored,
                f.createdAt(),
                f.fileIdModifier() == null ? null : f.fileIdModifier().charAt(0),
                lines);
    }
}
