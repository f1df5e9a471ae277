package org.factorline.risk;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.factorline.clients.Agreement;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Client;
import org.factorline.clients.ClientId;
import org.factorline.clients.ClientStatus;
import org.factorline.clients.Clients;
import org.factorline.debtors.ClientDebtor;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.Debtors;
import org.factorline.debtors.NotificationState;
import org.factorline.identity.CurrentActor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.Invoices;
import org.factorline.risk.internal.OverrideRepository;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Asks every eligibility policy of each invoice about to be bought. Invoices funded together are judged
 * together: the second invoice on a debtor counts the first against the debtor's credit limit, the
 * client's concentration and its facility. A refusal says why in words staff can act on; a refusal with
 * an approved override passes and says who approved it.
 */
@Service
public class Eligibility {

    private final Invoices invoices;
    private final Clients clients;
    private final Debtors debtors;
    private final OverrideRepository overrides;
    private final ObjectProvider<FundsEmployed> fundsEmployed;
    private final Clock clock;
    private final int maxInvoiceAgeDays;
    private final Rate concentrationFloor;

    Eligibility(
            Invoices invoices,
            Clients clients,
            Debtors debtors,
            OverrideRepository overrides,
            ObjectProvider<FundsEmployed> fundsEmployed,
            Clock clock,
            @Value("${factorline.risk.max-invoice-age-days:90}") int maxInvoiceAgeDays,
            @Value("${factorline.risk.concentration-applies-above-facility-percent:25}") String concentrationFloor) {
        this.invoices = invoices;
        this.clients = clients;
        this.debtors = debtors;
        this.overrides = overrides;
        this.fundsEmployed = fundsEmployed;
        this.clock = clock;
        this.maxInvoiceAgeDays = maxInvoiceAgeDays;
        this.concentrationFloor = Rate.percent(concentrationFloor);
    }

    /** One invoice, judged alone, as of today. */
    @Transactional(readOnly = true)
    public EligibilityResult assess(InvoiceId id) {
        CurrentActor.get().requireStaff();
        return assessTogether(List.of(invoices.get(id)), LocalDate.now(clock)).get(0);
    }

    /** Invoices to be funded together on the date, in order, each counting those before it. */
    @Transactional(readOnly = true)
    public List<EligibilityResult> assessTogether(List<Invoice> batch, LocalDate fundingDate) {
        CurrentActor.get().requireStaff();
        Book book = new Book();
        List<EligibilityResult> out = new ArrayList<>(batch.size());
        Map<InvoiceId, List<EligibilityOverride>> approved =
                overrides.approvedFor(batch.stream().map(Invoice::id).toList());
        for (Invoice invoice : batch) {
            List<PolicyResult> results = judge(invoice, fundingDate, book);
            List<EligibilityOverride> granted = approved.getOrDefault(invoice.id(), List.of());
            List<PolicyResult> withOverrides = results.stream()
                    .map(r -> r.allowed()
                            ? r
                            : granted.stream()
                                    .filter(o -> o.policy() == r.policy())
                                    .findFirst()
                                    .map(o -> r.overriddenBy(o.decidedBy(), o.reason()))
                                    .orElse(r))
                    .toList();
            EligibilityResult result = new EligibilityResult(invoice.id(), invoice.number(), withOverrides);
            if (result.eligible()) {
                book.add(invoice);
            }
            out.add(result);
        }
        return out;
    }

    /** What is already bought, plus the invoices of this batch judged eligible so far. */
    private final class Book {
        final Map<DebtorId, Money> debtorExposure = new HashMap<>();
        final Map<ClientId, Map<DebtorId, Money>> clientByDebtor = new HashMap<>();
        final Map<ClientId, Money> clientFundsEmployed = new HashMap<>();
        final Map<ClientId, Client> clientCache = new HashMap<>();
        final Map<DebtorId, Debtor> debtorCache = new HashMap<>();
        final Map<ClientId, List<ClientDebtor>> relationships = new HashMap<>();
        final Map<org.factorline.clients.AgreementId, Optional<Agreement>> agreements = new HashMap<>();
        final Map<ClientId, Money> pendingAdvances = new HashMap<>();

        Money exposure(Invoice i) {
            return debtorExposure.computeIfAbsent(
                    i.debtorId(),
                    d -> invoices.openFundedFaceOfDebtor(d, i.faceAmount().currency()));
        }

        Map<DebtorId, Money> byDebtor(Invoice i) {
            return clientByDebtor.computeIfAbsent(
                    i.clientId(),
                    c -> new HashMap<>(
                            invoices.openFundedFaceByDebtor(c, i.faceAmount().currency())));
        }

        Money employed(Invoice i) {
            return clientFundsEmployed.computeIfAbsent(
                    i.clientId(),
                    c -> Optional.ofNullable(fundsEmployed.getIfAvailable())
                            .map(f -> f.of(c, i.faceAmount().currency()))
                            .orElse(Money.zero(i.faceAmount().currency())));
        }

        Client client(Invoice i) {
            return clientCache.computeIfAbsent(i.clientId(), clients::get);
        }

        Debtor debtor(Invoice i) {
            return debtorCache.computeIfAbsent(i.debtorId(), debtors::get);
        }

        Optional<ClientDebtor> relationship(Invoice i) {
            return relationships.computeIfAbsent(i.clientId(), c -> debtors.relationshipsOfClient(c.value())).stream()
                    .filter(r -> r.debtorId().equals(i.debtorId()))
                    .findFirst();
        }

        Optional<Agreement> agreement(Invoice i) {
            return agreements.computeIfAbsent(i.agreementId(), clients::agreement);
        }

        void add(Invoice i) {
            Money face = i.faceAmount();
            debtorExposure.put(i.debtorId(), exposure(i).plus(face));
            byDebtor(i).merge(i.debtorId(), face, Money::plus);
            Money advance = agreement(i)
                    .map(a -> face.times(a.terms().advanceRate(), RoundingMode.HALF_UP))
                    .orElse(face);
            clientFundsEmployed.put(i.clientId(), employed(i).plus(advance));
        }
    }

    private List<PolicyResult> judge(Invoice invoice, LocalDate fundingDate, Book book) {
        List<PolicyResult> r = new ArrayList<>(Policy.values().length);
        Client client = book.client(invoice);
        Debtor debtor = book.debtor(invoice);
        AgreementTerms terms = book.agreement(invoice).map(Agreement::terms).orElse(null);
        Money face = invoice.faceAmount();

        r.add(
                client.status() == ClientStatus.ACTIVE
                        ? PolicyResult.allow(Policy.CLIENT_STATUS, "client " + client.reference() + " is active")
                        : PolicyResult.refuse(
                                Policy.CLIENT_STATUS, "client " + client.reference() + " is " + client.status()));
        r.add(
                debtor.status() == DebtorStatus.ACTIVE
                        ? PolicyResult.allow(Policy.DEBTOR_STATUS, "debtor " + debtor.reference() + " is active")
                        : PolicyResult.refuse(
                                Policy.DEBTOR_STATUS, "debtor " + debtor.reference() + " is " + debtor.status()));
        r.add(verification(invoice));
        r.add(notice(terms, book.relationship(invoice), debtor));
        r.add(
                invoice.flagged()
                        ? PolicyResult.refuse(Policy.DUPLICATE, "flagged: " + invoice.flagReason())
                        : PolicyResult.allow(Policy.DUPLICATE, "no other invoice looks like this one"));
        long age = ChronoUnit.DAYS.between(invoice.issueDate(), fundingDate);
        r.add(
                age <= maxInvoiceAgeDays
                        ? PolicyResult.allow(
                                Policy.INVOICE_AGE, "issued " + age + " days ago (at most " + maxInvoiceAgeDays + ")")
                        : PolicyResult.refuse(
                                Policy.INVOICE_AGE,
                                "issued " + age + " days ago; invoices older than " + maxInvoiceAgeDays
                                        + " days are not bought"));
        r.add(
                invoice.dueDate().isBefore(fundingDate)
                        ? PolicyResult.refuse(
                                Policy.PAST_DUE,
                                "was due on " + invoice.dueDate() + ", "
                                        + ChronoUnit.DAYS.between(invoice.dueDate(), fundingDate)
                                        + " days before funding")
                        : PolicyResult.allow(Policy.PAST_DUE, "due on " + invoice.dueDate()));

        Money exposureAfter = book.exposure(invoice).plus(face);
        r.add(
                !exposureAfter.isGreaterThan(debtor.creditLimit())
                        ? PolicyResult.allow(
                                Policy.DEBTOR_CREDIT_LIMIT,
                                "exposure " + exposureAfter.display() + " of "
                                        + debtor.creditLimit().display())
                        : PolicyResult.refuse(
                                Policy.DEBTOR_CREDIT_LIMIT,
                                "exposure would be " + exposureAfter.display()
                                        + " across all clients, over the credit limit of "
                                        + debtor.creditLimit().display()));
        if (terms == null) {
            r.add(PolicyResult.refuse(Policy.CONCENTRATION, "the invoice's agreement version is missing"));
            r.add(PolicyResult.refuse(Policy.FACILITY_LIMIT, "the invoice's agreement version is missing"));
            return r;
        }
        r.add(concentration(invoice, terms, book));
        Money advance = face.times(terms.advanceRate(), RoundingMode.HALF_UP);
        Money employedAfter = book.employed(invoice).plus(advance);
        r.add(
                !employedAfter.isGreaterThan(terms.facilityLimit())
                        ? PolicyResult.allow(
                                Policy.FACILITY_LIMIT,
                                "funds employed " + employedAfter.display() + " of "
                                        + terms.facilityLimit().display())
                        : PolicyResult.refuse(
                                Policy.FACILITY_LIMIT,
                                "funds employed would be " + employedAfter.display() + ", over the facility limit of "
                                        + terms.facilityLimit().display()));
        return r;
    }

    private static PolicyResult verification(Invoice invoice) {
        return switch (invoice.verificationStatus()) {
            case NOT_REQUIRED -> PolicyResult.allow(Policy.VERIFICATION, "the agreement does not require it");
            case VERIFIED -> PolicyResult.allow(Policy.VERIFICATION, "verified by the debtor");
            case PENDING -> PolicyResult.refuse(Policy.VERIFICATION, "the debtor has not verified it yet");
            case DISPUTED -> PolicyResult.refuse(Policy.VERIFICATION, "the debtor disputes it");
        };
    }

    private static PolicyResult notice(AgreementTerms terms, Optional<ClientDebtor> relationship, Debtor debtor) {
        if (terms != null && !terms.notification()) {
            return PolicyResult.allow(Policy.NOTICE_OF_ASSIGNMENT, "confidential agreement: no notice is given");
        }
        NotificationState state =
                relationship.map(ClientDebtor::notificationState).orElse(NotificationState.NOT_NOTIFIED);
        return switch (state) {
            case ACKNOWLEDGED ->
                PolicyResult.allow(Policy.NOTICE_OF_ASSIGNMENT, debtor.reference() + " acknowledged the notice");
            case NOTICE_SENT ->
                PolicyResult.refuse(
                        Policy.NOTICE_OF_ASSIGNMENT,
                        "the notice was sent to " + debtor.reference() + " but not acknowledged yet");
            case RELEASED ->
                PolicyResult.refuse(
                        Policy.NOTICE_OF_ASSIGNMENT, debtor.reference() + " was released from the assignment");
            case NOT_NOTIFIED, CONFIDENTIAL ->
                PolicyResult.refuse(
                        Policy.NOTICE_OF_ASSIGNMENT, debtor.reference() + " has not been given the notice yet");
        };
    }

    /**
     * One debtor's share of the client's funded book. It is judged once the book is large enough to
     * mean something — above a share of the facility — since a new client's first invoice is always
     * 100% of its book.
     */
    private PolicyResult concentration(Invoice invoice, AgreementTerms terms, Book book) {
        Map<DebtorId, Money> byDebtor = book.byDebtor(invoice);
        Money face = invoice.faceAmount();
        Money total = face;
        for (Money m : byDebtor.values()) {
            total = total.plus(m);
        }
        Money onDebtor = byDebtor.getOrDefault(invoice.debtorId(), Money.zero(face.currency()))
                .plus(face);
        BigDecimal sharePercent =
                onDebtor.amount().multiply(BigDecimal.valueOf(100)).divide(total.amount(), 2, RoundingMode.HALF_UP);
        Money floor = terms.facilityLimit().times(concentrationFloor, RoundingMode.HALF_UP);
        if (!total.isGreaterThan(floor)) {
            return PolicyResult.allow(
                    Policy.CONCENTRATION,
                    "the client's funded book " + total.display() + " is below " + concentrationFloor
                            + " of its facility; concentration is not yet judged");
        }
        boolean within = sharePercent.compareTo(terms.concentrationLimit().percent()) <= 0;
        String text = "this debtor would be " + sharePercent.toPlainString() + "% of the client's funded book (limit "
                + terms.concentrationLimit() + ")";
        return within
                ? PolicyResult.allow(Policy.CONCENTRATION, text)
                : PolicyResult.refuse(Policy.CONCENTRATION, text);
    }
}
