package org.factorline.funding;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.AgreementId;
import org.factorline.clients.Clients;
import org.factorline.funding.internal.AccrualRepository;
import org.factorline.funding.internal.AccrualRepository.Accrued;
import org.factorline.funding.internal.AccrualRepository.Factor;
import org.factorline.funding.internal.AccrualRepository.OpenInvoice;
import org.factorline.funding.internal.AccrualRepository.PurchaseDay;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.pricing.DiscountFee;
import org.factorline.pricing.FeeBase;
import org.factorline.pricing.FeeBasis;
import org.factorline.pricing.FeeSchedule;
import org.factorline.pricing.PrimeRates;
import org.factorline.pricing.ReceiptKind;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The daily fee accrual. Every open bought invoice carries the discount fee it has earned so far: the fee the
 * pricing module would fix if the debtor's money came in today, electronically, on what has been collected
 * so far — the figure the reserve analysis and the recourse sweep work with. It is a memo, not a posting: the
 * fee is fixed and posted once, at close-out (or in a chargeback). Each run works the whole figure out again
 * from the purchase day, so nothing adds up day by day, a day missed is caught up by the next run, and a
 * second run on the same day changes nothing.
 *
 * <p>Set-based: the fee of a FLAT or TIERED schedule is an exact fraction of its base for a given purchase
 * day ({@link DiscountFee#exactFraction}), so the run tabulates one row per agreement and purchase day of the
 * open book and sets every open invoice in one statement ({@link AccrualRepository#applyFactors}), with the
 * minimum fee, the cap and the rounding in the pricing module's order. DAILY and PRIME_PLUS schedules (day
 * rates divided at 34 digits) and fees on what was collected are worked out invoice by invoice with {@link
 * DiscountFee#fee} itself.
 */
@Service
public class FeeAccrual {

    private static final Logger log = LoggerFactory.getLogger(FeeAccrual.class);

    private final AccrualRepository rows;
    private final Clients clients;
    private final Clock clock;
    private final PrimeRates prime;

    FeeAccrual(
            AccrualRepository rows,
            Clients clients,
            Clock clock,
            @Value("${factorline.pricing.prime-rate-percent:7.50}") String primeRate) {
        this.rows = rows;
        this.clients = clients;
        this.clock = clock;
        this.prime = PrimeRates.constant(Rate.percent(primeRate));
    }

    /** What a run did: the day accrued through, and how many invoices it set in one statement and one by one. */
    public record Run(LocalDate asOf, int setTogether, int setOneByOne) {}

    /**
     * Every morning from the {@code fee-accrual} job, as the system: the fee earned through today. Transactional
     * itself, as calling {@link #accrue} from inside this class bypasses its proxy.
     */
    @Transactional
    public Run daily() {
        return CurrentActor.runAs(Actor.system(), () -> accrue(LocalDate.now(clock)));
    }

    /** Accrues every open invoice's fee through {@code asOf}; invoices already accrued through that day are left. */
    @Transactional
    public Run accrue(LocalDate asOf) {
        CurrentActor.get().requireRole(Role.ADMIN);
        Map<UUID, Optional<FeeSchedule>> schedules = new HashMap<>();
        List<Factor> factors = new ArrayList<>();
        java.util.Set<UUID> oneByOne = new java.util.LinkedHashSet<>();
        for (PurchaseDay day : rows.openPurchaseDays()) {
            Optional<FeeSchedule> schedule = schedules.computeIfAbsent(day.agreementId(), this::schedule);
            if (schedule.isEmpty()) {
                continue;
            }
            FeeSchedule s = schedule.get();
            int days = DiscountFee.daysCharged(
                    s, day.fundingDate(), paidOn(day.fundingDate(), asOf), ReceiptKind.ELECTRONIC);
            Optional<BigDecimal> fraction =
                    s.base() == FeeBase.COLLECTED ? Optional.empty() : DiscountFee.exactFraction(s, days);
            if (fraction.isEmpty()) {
                oneByOne.add(day.agreementId());
                continue;
            }
            boolean onFace = s.base() == FeeBase.FACE;
            BigDecimal cap = s.cap() == null ? null : s.cap().percent().movePointLeft(2);
            factors.add(new Factor(
                    day.agreementId(),
                    day.fundingDate(),
                    onFace ? fraction.get() : BigDecimal.ZERO,
                    onFace ? BigDecimal.ZERO : fraction.get(),
                    s.minimumFee() == null ? null : s.minimumFee().amount(),
                    cap == null ? null : (onFace ? cap : BigDecimal.ZERO),
                    cap == null ? null : (onFace ? BigDecimal.ZERO : cap)));
        }
        rows.clearFactors();
        rows.insertFactors(factors);
        int together = factors.isEmpty() ? 0 : rows.applyFactors(asOf);
        rows.clearFactors();
        List<Accrued> fees = new ArrayList<>();
        for (OpenInvoice i : rows.openInvoicesOf(oneByOne, asOf)) {
            FeeSchedule s = schedules.get(i.agreementId()).orElseThrow();
            java.util.Currency currency = java.util.Currency.getInstance(i.currency());
            Money fee = DiscountFee.fee(
                    s,
                    new FeeBasis(
                            Money.of(i.face(), currency),
                            Money.of(i.advance(), currency),
                            Money.of(i.collected(), currency),
                            i.fundingDate()),
                    paidOn(i.fundingDate(), asOf),
                    ReceiptKind.ELECTRONIC,
                    prime);
            fees.add(new Accrued(i.invoiceId(), fee.amount()));
        }
        int single = rows.setAccrued(fees, asOf);
        log.info("Fee accrual through {}: {} invoices set together, {} one by one", asOf, together, single);
        return new Run(asOf, together, single);
    }

    /** The fee runs from the purchase day: a run dated before it (never in practice) counts the purchase day. */
    private static LocalDate paidOn(LocalDate fundingDate, LocalDate asOf) {
        return asOf.isBefore(fundingDate) ? fundingDate : asOf;
    }

    private Optional<FeeSchedule> schedule(UUID agreementId) {
        return clients.agreement(new AgreementId(agreementId))
                .map(a -> a.terms().fees());
    }
}
