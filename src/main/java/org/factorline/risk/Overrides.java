package org.factorline.risk;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.Invoices;
import org.factorline.risk.internal.OverrideRepository;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;
import org.factorline.shared.UuidV7;
import org.factorline.shared.Validation;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Overrides of eligibility refusals. An underwriter (or administrator) asks, with a reason, to fund an
 * invoice despite one policy; a second person with the same authority approves or rejects it. Nobody
 * approves their own request.
 */
@Service
public class Overrides {

    static final Role[] DECIDERS = {Role.ADMIN, Role.UNDERWRITER};
    static final Role[] REQUESTERS = {Role.ADMIN, Role.UNDERWRITER, Role.ACCOUNT_MANAGER};
    static final int MAX_TEXT = 500;

    private final OverrideRepository rows;
    private final Invoices invoices;
    private final AuditLog audit;
    private final Clock clock;

    Overrides(OverrideRepository rows, Invoices invoices, AuditLog audit, Clock clock) {
        this.rows = rows;
        this.invoices = invoices;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public EligibilityOverride request(InvoiceId invoiceId, Policy policy, String reason) {
        Actor actor = CurrentActor.get();
        actor.requireRole(REQUESTERS);
        Validation v = new Validation();
        v.require(policy != null, "policy", null, "is required: the policy whose refusal to override");
        String why = reason == null ? null : reason.strip();
        v.require(
                why != null && !why.isEmpty() && why.length() <= MAX_TEXT,
                "reason",
                reason,
                "say why the invoice should be funded anyway (at most " + MAX_TEXT + " characters)");
        v.throwIfAny();
        Invoice invoice = invoices.get(invoiceId);
        if (rows.openRequestExists(invoiceId, policy)) {
            throw FactorlineException.invalid(
                    "policy",
                    policy,
                    "an override of " + policy + " for invoice " + invoice.number() + " is already open or approved");
        }
        EligibilityOverride o = new EligibilityOverride(
                UuidV7.next(clock),
                invoiceId,
                policy,
                why,
                EligibilityOverride.Status.REQUESTED,
                actor.username(),
                clock.instant(),
                null,
                null,
                null);
        rows.insert(o);
        audit.record(
                "eligibility.override_requested",
                "invoice",
                invoiceId.value(),
                invoice.clientId().value(),
                "EligibilityOverride of " + policy + " requested for invoice " + invoice.number(),
                null,
                o,
                why);
        return o;
    }

    @Transactional
    public EligibilityOverride approve(UUID id, String note) {
        return decide(id, EligibilityOverride.Status.APPROVED, note);
    }

    @Transactional
    public EligibilityOverride reject(UUID id, String note) {
        return decide(id, EligibilityOverride.Status.REJECTED, note);
    }

    private EligibilityOverride decide(UUID id, EligibilityOverride.Status outcome, String note) {
        Actor actor = CurrentActor.get();
        actor.requireRole(DECIDERS);
        EligibilityOverride o = rows.find(id).orElseThrow(() -> FactorlineException.notFound("override", id));
        Invoice invoice = invoices.get(o.invoiceId());
        if (o.requestedBy().equals(actor.username())) {
            throw new FactorlineException(
                    ErrorCode.FOUR_EYES_REQUIRED,
                    "The override was requested by " + actor.username() + "; a second person must decide it",
                    List.of(FieldProblem.of("id", id, "was requested by you")));
        }
        String text = note == null || note.isBlank() ? null : note.strip();
        if (text != null && text.length() > MAX_TEXT) {
            throw FactorlineException.invalid("note", note, "must be at most " + MAX_TEXT + " characters");
        }
        Instant now = clock.instant();
        if (!rows.decide(id, outcome, actor.username(), now, text)) {
            throw FactorlineException.invalid(
                    "id", id, "the override was already " + o.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        EligibilityOverride after = rows.find(id).orElseThrow();
        audit.record(
                "eligibility.override_" + outcome.name().toLowerCase(java.util.Locale.ROOT),
                "invoice",
                o.invoiceId().value(),
                invoice.clientId().value(),
                "EligibilityOverride of " + o.policy() + " for invoice " + invoice.number() + " "
                        + outcome.name().toLowerCase(java.util.Locale.ROOT),
                o,
                after,
                text);
        return after;
    }

    public List<EligibilityOverride> forInvoice(InvoiceId id) {
        CurrentActor.get().requireStaff();
        invoices.get(id);
        return rows.forInvoice(id);
    }

    /** Requests waiting for a second person, oldest first. */
    public List<EligibilityOverride> awaitingDecision(int limit) {
        CurrentActor.get().requireStaff();
        return rows.inStatus(EligibilityOverride.Status.REQUESTED, Math.min(Math.max(limit, 1), 500));
    }
}
