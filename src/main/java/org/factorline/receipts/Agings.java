package org.factorline.receipts;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.receipts.internal.ReceiptRepository;
import org.factorline.shared.Money;
import org.springframework.stereotype.Service;

/**
 * Ages a client's open book in one grouped query: each open invoice's balance (face less what was
 * collected and deducted) is summed into its bucket by the database, per customer.
 */
@Service
public class Agings {

    private final ReceiptRepository rows;
    private final Clock clock;
    private final Clients clients;

    Agings(ReceiptRepository rows, Clients clients, Clock clock) {
        this.rows = rows;
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * The client's aging as of the day (today when null). Staff may age any client; a client user only
     * its own — another client's id is "not found".
     */
    public Aging ofClient(UUID clientId, LocalDate asOf, Aging.Basis basis) {
        Actor actor = CurrentActor.get();
        actor.requireClient(clientId);
        if (actor.isStaff()) {
            actor.requireStaff();
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate day = asOf == null ? today : asOf;
        // the client's book is in the currency of its agreement
        Currency currency = clients.agreementInForce(new ClientId(clientId), today)
                .map(a -> a.terms().currency())
                .orElse(Money.USD);
        Aging.Basis by = basis == null ? Aging.Basis.DUE_DATE : basis;
        List<Aging.Row> out = new ArrayList<>();
        BigDecimal[] totals =
                new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        int count = 0;
        for (Object[] r : rows.aging(clientId, currency.getCurrencyCode(), day, by.column(), by.thresholds(day))) {
            List<Money> buckets = new ArrayList<>();
            for (int b = 0; b < 5; b++) {
                BigDecimal amount = (BigDecimal) r[3 + b];
                buckets.add(Money.of(amount, currency));
                totals[b] = totals[b].add(amount);
            }
            count += (Integer) r[2];
            out.add(new Aging.Row((UUID) r[0], (String) r[1], (Integer) r[2], List.copyOf(buckets)));
        }
        List<Money> total =
                java.util.Arrays.stream(totals).map(t -> Money.of(t, currency)).toList();
        return new Aging(clientId, day, by, currency, List.copyOf(out), new Aging.Row(null, "Total", count, total));
    }
}
