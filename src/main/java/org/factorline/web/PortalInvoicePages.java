package org.factorline.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.Debtors;
import org.factorline.funding.Funding;
import org.factorline.identity.AuditLog;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceFilter;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.StatusChange;
import org.factorline.outreach.ContactEntry;
import org.factorline.outreach.Outreach;
import org.factorline.pricing.DiscountFee;
import org.factorline.pricing.FeeBasis;
import org.factorline.pricing.FeeQuote;
import org.factorline.pricing.PrimeRates;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.Receipts;
import org.factorline.settlement.CloseOut;
import org.factorline.settlement.Settlement;
import org.factorline.shared.CursorPage;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The client's own invoices: a list with filters, and per invoice a timeline that puts what happened to it
 * (status changes, funding, what the factor said to the customer about it and what the customer answered,
 * payments, close-out or chargeback) in one order, with a live view of the fee as it stands today. Every
 * read goes through the modules' client-scoped APIs, so another client's invoice is simply not found.
 */
@Controller
@RequestMapping("/portal/invoices")
class PortalInvoicePages {

    static final int PAGE_SIZE = 50;
    static final int TIMELINE_CONTACTS = 100;

    private final Invoices invoices;
    private final Debtors debtors;
    private final Clients clients;
    private final Funding funding;
    private final Receipts receipts;
    private final Settlement settlement;
    private final Outreach outreach;
    private final AuditLog audit;
    private final Clock clock;
    private final PrimeRates prime;

    PortalInvoicePages(
            Invoices invoices,
            Debtors debtors,
            Clients clients,
            Funding funding,
            Receipts receipts,
            Settlement settlement,
            Outreach outreach,
            AuditLog audit,
            Clock clock,
            @Value("${factorline.pricing.prime-rate-percent:7.50}") String primeRate) {
        this.invoices = invoices;
        this.debtors = debtors;
        this.clients = clients;
        this.funding = funding;
        this.receipts = receipts;
        this.settlement = settlement;
        this.outreach = outreach;
        this.audit = audit;
        this.clock = clock;
        this.prime = PrimeRates.constant(Rate.percent(primeRate));
    }

    @GetMapping
    String list(
            @RequestParam(required = false) UUID debtor,
            @RequestParam(required = false) InvoiceStatus status,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String cursor,
            Model model) {
        // the client's own scope is applied by Invoices.list whatever the filter says
        InvoiceFilter filter =
                new InvoiceFilter(null, debtor == null ? null : new DebtorId(debtor), null, status, null, q);
        CursorPage<Invoice> page;
        try {
            page = invoices.list(filter, CursorPage.Request.of(cursor, PAGE_SIZE));
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
            page = invoices.list(filter, CursorPage.Request.first(PAGE_SIZE));
        }
        List<Debtor> customers = debtors.allVisible();
        model.addAttribute("page", page);
        model.addAttribute("debtor", debtor);
        model.addAttribute("status", status);
        model.addAttribute("q", q);
        model.addAttribute("statuses", InvoiceStatus.values());
        model.addAttribute("customers", customers);
        model.addAttribute("customerNames", names(customers));
        return "portal/invoices";
    }

    @GetMapping("/{id}")
    String show(@PathVariable UUID id, Model model) {
        Invoice invoice =
                invoices.find(new InvoiceId(id)).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Optional<Funding.Purchase> purchase = funding.purchaseOf(invoice.id());
        Optional<CloseOut> closeOut = settlement.findCloseOut(invoice.id());
        Receipts.Collection collection = receipts.collectionOf(invoice);
        Optional<AgreementTerms> terms =
                clients.agreement(invoice.agreementId()).map(a -> a.terms());
        List<ContactEntry> contacts = outreach.contactLog(null, null, id, null, null, TIMELINE_CONTACTS);
        model.addAttribute("invoice", invoice);
        model.addAttribute(
                "customer", debtors.find(invoice.debtorId()).map(Debtor::name).orElse(""));
        model.addAttribute("purchase", purchase.orElse(null));
        model.addAttribute("closeOut", closeOut.orElse(null));
        model.addAttribute("collection", collection);
        model.addAttribute(
                "timeline",
                timeline(
                        invoices.timeline(invoice.id()),
                        verifications(invoice),
                        contacts,
                        purchase.orElse(null),
                        closeOut.orElse(null)));
        model.addAttribute(
                "fee",
                purchase.isPresent() && terms.isPresent() && isOpen(invoice)
                        ? feeView(invoice, purchase.get(), terms.get(), collection)
                        : null);
        return "portal/invoice";
    }

    static boolean isOpen(Invoice i) {
        return i.status() == InvoiceStatus.FUNDED || i.status() == InvoiceStatus.PARTIALLY_PAID;
    }

    /** One line of an invoice's story; {@code messageId} links a message the customer received. */
    record Step(Instant at, String kind, String title, String detail, UUID messageId) {}

    /**
     * When the customer's confirmation or dispute was recorded on the invoice, however it came (link, phone,
     * e-mail). Read from the audit trail of this one invoice — already known to be the client's own — and
     * only these entries: others may carry notes for the factor's staff.
     */
    List<AuditLog.Entry> verifications(Invoice invoice) {
        return audit.forEntity("invoice", invoice.id().value()).stream()
                .filter(e -> VERIFICATION_RECORDED.equals(e.action())
                        && invoice.clientId().value().equals(e.clientId()))
                .toList();
    }

    static final String VERIFICATION_RECORDED = "invoice.verification_recorded";

    static List<Step> timeline(
            List<StatusChange> changes,
            List<AuditLog.Entry> verifications,
            List<ContactEntry> contacts,
            Funding.Purchase purchase,
            CloseOut closeOut) {
        List<Step> steps = new ArrayList<>();
        for (AuditLog.Entry v : verifications) {
            boolean disputed = v.summary() != null && v.summary().contains(" disputed: ");
            steps.add(new Step(
                    v.occurredAt(),
                    disputed ? "DISPUTED" : "VERIFIED",
                    disputed ? "Disputed by your customer" : "Confirmed by your customer",
                    v.reason(),
                    null));
        }
        for (StatusChange c : changes) {
            String detail = c.reason();
            if (c.to() == InvoiceStatus.FUNDED && purchase != null) {
                detail = "Advance " + purchase.advance().display() + " on face "
                        + purchase.face().display() + ", funded on " + purchase.fundingDate()
                        + (detail == null ? "" : ". " + detail);
            }
            if (c.to() == InvoiceStatus.CLOSED && closeOut != null) {
                detail = "Collected " + closeOut.collected().display() + ", deductions "
                        + closeOut.deductions().display() + ", fee "
                        + closeOut.fee().display() + " for "
                        + closeOut.daysCharged() + " days, rebate "
                        + closeOut.rebate().display();
            }
            steps.add(new Step(c.occurredAt(), c.to().name(), title(c), detail, null));
        }
        List<ContactEntry> oldestFirst = new ArrayList<>(contacts); // the log reads newest first
        java.util.Collections.reverse(oldestFirst);
        for (ContactEntry e : oldestFirst) {
            steps.add(new Step(e.at(), e.channel().name(), e.summary(), e.content(), e.messageId()));
        }
        // newest first; what was recorded later at the same instant comes first too
        List<Step> newestFirst = new ArrayList<>(steps);
        java.util.Collections.reverse(newestFirst);
        newestFirst.sort(Comparator.comparing(Step::at).reversed());
        return newestFirst;
    }

    static String title(StatusChange c) {
        return switch (c.to()) {
            case SUBMITTED -> "Submitted";
            case APPROVED -> "Approved for funding";
            case REJECTED -> "Not bought";
            case WITHDRAWN -> "Withdrawn";
            case FUNDED -> "Funded: the advance went out";
            case PARTIALLY_PAID -> "Part payment received";
            case PAID -> "Paid";
            case CHARGED_BACK -> "Charged back";
            case WRITTEN_OFF -> "Written off";
            case CLOSED -> "Closed out";
        };
    }

    /**
     * The fee as it stands today, the day it next goes up, and the rebate the client would receive if the
     * customer paid the rest today — reckoned the way close-out reckons it (the agreement version the
     * invoice was bought under, from the funding date, electronic payment).
     */
    record FeeView(
            LocalDate asOf,
            int daysCharged,
            Money feeToDate,
            LocalDate nextIncreaseOn,
            Money feeFromNextIncrease,
            Money reserve,
            Money deducted,
            Money projectedRebate,
            Money rebateAfterNextIncrease,
            Money open,
            LocalDate recourseDate) {}

    FeeView feeView(Invoice invoice, Funding.Purchase p, AgreementTerms terms, Receipts.Collection c) {
        LocalDate today = LocalDate.now(clock);
        LocalDate asOf = today.isBefore(p.fundingDate()) ? p.fundingDate() : today;
        Money paidInFull = p.face().minus(c.deducted());
        FeeQuote q = DiscountFee.quote(
                terms.fees(),
                new FeeBasis(p.face(), p.advance(), paidInFull, p.fundingDate()),
                asOf,
                ReceiptKind.ELECTRONIC,
                prime);
        Money reserve = p.face().minus(p.advance());
        Money rebate = reserve.minus(c.deducted()).minus(q.fee());
        Money later = q.feeFromNextIncrease() == null
                ? null
                : reserve.minus(c.deducted()).minus(q.feeFromNextIncrease());
        LocalDate recourse = terms.recourse() && terms.recourseDays() != null
                ? p.fundingDate().plusDays(terms.recourseDays() - 1L)
                : null;
        return new FeeView(
                asOf,
                q.daysCharged(),
                q.fee(),
                q.nextIncreaseOn(),
                q.feeFromNextIncrease(),
                reserve,
                c.deducted(),
                rebate,
                later,
                invoice.faceAmount().minus(c.collected()).minus(c.deducted()),
                recourse);
    }

    static Map<UUID, String> names(List<Debtor> debtors) {
        return debtors.stream()
                .collect(Collectors.toMap(d -> d.id().value(), Debtor::name, (a, b) -> a, java.util.HashMap::new));
    }
}
