package org.factorline.simulation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.invoices.Invoice;
import org.factorline.shared.Money;

/**
 * The simulated book as the simulator remembers it: who the clients and debtors are, how each debtor
 * behaves, and what happened to each invoice and when — the independent record the daily checks hold
 * the system's own records against. Kept in creation order, so that iterating it is deterministic.
 */
final class Book {

    record SimClient(int index, Client client, boolean recourse) {
        UUID id() {
            return client.id().value();
        }
    }

    record SimDebtor(int index, Debtor debtor, Behaviour behaviour, String mailbox, ZoneId zone) {
        UUID id() {
            return debtor.id().value();
        }
    }

    record Pair(SimClient client, SimDebtor debtor) {
        String key() {
            return client.id() + "|" + debtor.id();
        }
    }

    /** One invoice and the moments that silence the factor about it. */
    static final class SimInvoice {
        final Invoice invoice;
        final Pair pair;
        final LocalDate submittedOn;
        /** The debtor disputes it when asked to confirm it. */
        final boolean disputes;

        LocalDate fundedOn;
        Instant fundedAt;
        Money advance;
        /** When the debtor confirmed it (by link or by phone), as the simulator saw it. */
        Instant verifiedAt;
        /** When the debtor's money goes out, and how much; null while it does not mean to pay. */
        LocalDate payOn;

        Instant paidAt;
        Instant disputedAt;
        Instant chargedBackAt;
        /** What the recourse sweep charged the client back, and the fee to the recourse date in it. */
        Money chargeback;

        Money chargebackFee;
        Instant promisedAt;
        LocalDate promisedFor;
        boolean insolvent;

        SimInvoice(Invoice invoice, Pair pair, LocalDate submittedOn, boolean disputes) {
            this.invoice = invoice;
            this.pair = pair;
            this.submittedOn = submittedOn;
            this.disputes = disputes;
        }

        UUID id() {
            return invoice.id().value();
        }

        boolean funded() {
            return fundedOn != null;
        }

        /** Why no message about this invoice may be planned at {@code t} (debtor-local day {@code day}), or null. */
        String silencedAt(Instant t, LocalDate day) {
            if (paidAt != null && !paidAt.isAfter(t)) {
                return "it was paid at " + paidAt;
            }
            if (disputedAt != null && !disputedAt.isAfter(t)) {
                return "it was disputed at " + disputedAt;
            }
            if (chargedBackAt != null && !chargedBackAt.isAfter(t)) {
                return "it was charged back at " + chargedBackAt;
            }
            if (promisedAt != null && !promisedAt.isAfter(t) && !day.isAfter(promisedFor)) {
                return "payment was promised at " + promisedAt + " for " + promisedFor;
            }
            return null;
        }
    }

    final List<SimClient> clients = new ArrayList<>();
    final List<SimDebtor> debtors = new ArrayList<>();
    final List<Pair> pairs = new ArrayList<>();
    final Map<UUID, SimInvoice> invoices = new LinkedHashMap<>();
    final Map<UUID, SimDebtor> debtorById = new HashMap<>();
    /** Client–debtor pairs released, by {@link Pair#key()}, and when. */
    final Map<String, Instant> releasedAt = new HashMap<>();

    SimInvoice invoice(UUID id) {
        return invoices.get(id);
    }

    boolean released(Pair p) {
        return releasedAt.containsKey(p.key());
    }
}
