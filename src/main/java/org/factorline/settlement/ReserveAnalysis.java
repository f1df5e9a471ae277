package org.factorline.settlement;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Clients;
import org.factorline.funding.Funding;
import org.factorline.identity.CurrentActor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.Ledger;
import org.factorline.pricing.DiscountFee;
import org.factorline.pricing.FeeBasis;
import org.factorline.pricing.PrimeRates;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.Receipts;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reserve analysis per client: the reserve the factor holds against the fees its open invoices have
 * earned so far and what the client already owes. What is left is the surplus a factor may release
 * early; a negative figure is a shortfall to watch before the next funding.
 */
@Service
public class ReserveAnalysis {

    private final Invoices invoices;
    private final Clients clients;
    private final Funding funding;
    private final Receipts receipts;
    private final Ledger ledger;
    private final Clock clock;
    private final PrimeRates prime;

    ReserveAnalysis(
            Invoices invoices,
            Clients clients,
            Funding funding,
            Receipts receipts,
            Ledger ledger,
            Clock clock,
            @Value("${factorline.pricing.prime-rate-percent:7.50}") String primeRate) {
        this.invoices = invoices;
        this.clients = clients;
        this.funding = funding;
        this.receipts = receipts;
        this.ledger = ledger;
        this.clock = clock;
        this.prime = PrimeRates.constant(Rate.percent(primeRate));
    }

    /**
     * @param reserveHeld the client's reserve in the books
     * @param feesEarned discount fees its open invoices have earned up to today, not yet charged
     * @param owed what the client owes (charge-backs and charges not yet netted)
     * @param surplus reserve held − fees earned − owed
     */
    public record Line(
            UUID clientId, int openInvoices, Money reserveHeld, Money feesEarned, Money owed, Money surplus) {}

    /**
     * The analysis of one client, in the currency of its agreement in force (US dollars without one): a client
     * user may see only its own (another is "not found"). Its open invoices are read in one query; the fee each has earned is priced one by one, as the
     * whole book's analysis does.
     */
    @Transactional(readOnly = true)
    public Line analyse(org.factorline.clients.ClientId clientId) {
        CurrentActor.get().requireClient(clientId.value());
        LocalDate today = LocalDate.now(clock);
        Currency currency = CurrentActor.runAs(
                org.factorline.identity.Actor.system(),
                () -> clients.agreementInForce(clientId, today)
                        .map(a -> a.terms().currency())
                        .orElse(Money.USD));
        List<Invoice> open = CurrentActor.runAs(org.factorline.identity.Actor.system(), () -> {
            List<Invoice> found = new ArrayList<>(invoices.inStatus(clientId, InvoiceStatus.FUNDED, 5_000));
            found.addAll(invoices.inStatus(clientId, InvoiceStatus.PARTIALLY_PAID, 5_000));
            return found;
        });
        Money zero = Money.zero(currency);
        Money fees = zero;
        int count = 0;
        for (Invoice i : open) {
            java.util.Optional<Money> earned = earned(i, today, currency);
            if (earned.isPresent()) {
                fees = fees.plus(earned.get());
                count++;
            }
        }
        UUID client = clientId.value();
        Money held = ledger.balance(AccountCode.CLIENT_RESERVE, client, currency);
        Money owed =
                ledger.balance(AccountCode.CLIENT_RECEIVABLE, client, currency).max(zero);
        return new Line(client, count, held, fees, owed, held.minus(fees).minus(owed));
    }

    /** The discount fee an open invoice has earned up to today; empty if it was never bought or is not in {@code currency}. */
    private java.util.Optional<Money> earned(Invoice i, LocalDate today, Currency currency) {
        var purchase = funding.purchaseOf(i.id());
        var terms = clients.agreement(i.agreementId()).map(a -> a.terms());
        if (purchase.isEmpty() || terms.isEmpty() || !i.faceAmount().currency().equals(currency)) {
            return java.util.Optional.empty();
        }
        AgreementTerms t = terms.get();
        Receipts.Collection c = receipts.collectionOf(i);
        return java.util.Optional.of(DiscountFee.fee(
                t.fees(),
                new FeeBasis(
                        purchase.get().face(),
                        purchase.get().advance(),
                        c.collected(),
                        purchase.get().fundingDate()),
                today.isBefore(purchase.get().fundingDate()) ? purchase.get().fundingDate() : today,
                ReceiptKind.ELECTRONIC,
                prime));
    }

    @Transactional(readOnly = true)
    public List<Line> analyse() {
        CurrentActor.get().requireStaff();
        LocalDate today = LocalDate.now(clock);
        Currency usd = Money.USD;
        Map<UUID, Money> fees = new LinkedHashMap<>();
        Map<UUID, Integer> counts = new LinkedHashMap<>();
        List<Invoice> open = new ArrayList<>(invoices.inStatus(null, InvoiceStatus.FUNDED, 5_000));
        open.addAll(invoices.inStatus(null, InvoiceStatus.PARTIALLY_PAID, 5_000));
        for (Invoice i : open) {
            java.util.Optional<Money> earned = earned(i, today, usd);
            if (earned.isEmpty()) {
                continue;
            }
            UUID client = i.clientId().value();
            fees.merge(client, earned.get(), Money::plus);
            counts.merge(client, 1, Integer::sum);
        }
        Map<UUID, Money> held = ledger.balancesByClient(AccountCode.CLIENT_RESERVE, usd);
        Map<UUID, Money> owed = ledger.balancesByClient(AccountCode.CLIENT_RECEIVABLE, usd);
        java.util.Set<UUID> all = new java.util.LinkedHashSet<>(held.keySet());
        all.addAll(fees.keySet());
        List<Line> out = new ArrayList<>();
        Money zero = Money.zero(usd);
        for (UUID client : all) {
            Money h = held.getOrDefault(client, zero);
            Money f = fees.getOrDefault(client, zero);
            Money o = owed.getOrDefault(client, zero).max(zero);
            out.add(new Line(
                    client, counts.getOrDefault(client, 0), h, f, o, h.minus(f).minus(o)));
        }
        return out;
    }
}
