package org.factorline.invoices;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.FieldProblem;

/**
 * Where an invoice stands in its life: submitted by the client, approved (or rejected, or withdrawn by
 * the client) before it is bought, funded when the advance goes out, then paid, in part or in full,
 * charged back to the client under recourse or written off, and finally closed. Whether the debtor has
 * confirmed the invoice is a separate question ({@link VerificationStatus}), not a step in this walk.
 */
public enum InvoiceStatus {
    SUBMITTED,
    APPROVED,
    REJECTED,
    WITHDRAWN,
    FUNDED,
    PARTIALLY_PAID,
    PAID,
    CHARGED_BACK,
    WRITTEN_OFF,
    CLOSED;

    /** The one transition table: every move an invoice may make. Anything else is refused. */
    private static final Map<InvoiceStatus, Set<InvoiceStatus>> NEXT = table();

    private static Map<InvoiceStatus, Set<InvoiceStatus>> table() {
        Map<InvoiceStatus, Set<InvoiceStatus>> t = new EnumMap<>(InvoiceStatus.class);
        t.put(SUBMITTED, EnumSet.of(APPROVED, REJECTED, WITHDRAWN));
        t.put(APPROVED, EnumSet.of(FUNDED, REJECTED, WITHDRAWN));
        t.put(REJECTED, EnumSet.noneOf(InvoiceStatus.class));
        t.put(WITHDRAWN, EnumSet.noneOf(InvoiceStatus.class));
        t.put(FUNDED, EnumSet.of(PARTIALLY_PAID, PAID, CHARGED_BACK, WRITTEN_OFF));
        t.put(PARTIALLY_PAID, EnumSet.of(PARTIALLY_PAID, PAID, CHARGED_BACK, WRITTEN_OFF));
        t.put(PAID, EnumSet.of(CLOSED));
        t.put(CHARGED_BACK, EnumSet.of(CLOSED));
        t.put(WRITTEN_OFF, EnumSet.of(CLOSED));
        t.put(CLOSED, EnumSet.noneOf(InvoiceStatus.class));
        t.replaceAll((from, to) -> Collections.unmodifiableSet(to));
        return Collections.unmodifiableMap(t);
    }

    /** The states this state may move to. */
    public Set<InvoiceStatus> next() {
        return NEXT.get(this);
    }

    public boolean canMoveTo(InvoiceStatus target) {
        return target != null && next().contains(target);
    }

    /** No move leads out of it. */
    public boolean isFinal() {
        return next().isEmpty();
    }

    /** Refuses an illegal move, naming the invoice, the state it is in and the state asked for. */
    public void requireMove(String invoiceNumber, InvoiceStatus target) {
        if (!canMoveTo(target)) {
            String allowed = isFinal() ? "it is final" : "from " + this + " it can go to " + next();
            throw new FactorlineException(
                    ErrorCode.INVOICE_ILLEGAL_TRANSITION,
                    "invoice " + invoiceNumber + " cannot go from " + this + " to " + target + "; " + allowed,
                    List.of(FieldProblem.of("to", target, "is not reachable from " + this)));
        }
    }
}
