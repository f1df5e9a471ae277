package org.factorline.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.invoices.NewInvoice;
import org.factorline.invoices.ScheduleSource;
import org.factorline.shared.Money;
import org.springframework.stereotype.Component;

/**
 * The demo invoices: each active client sells to a handful of regular customers, invoices spread over
 * the last four months, and each invoice has walked as far through its life as its age makes plausible —
 * old ones paid and closed, a few charged back or short-paid, recent ones funded, the newest still
 * waiting for approval.
 */
@Component
class DemoInvoices {

    static final int INVOICES_PER_CLIENT = 60;
    static final int DAYS_BACK = 120;
    static final int CUSTOMERS_PER_CLIENT = 7;

    private final Invoices invoices;

    DemoInvoices(Invoices invoices) {
        this.invoices = invoices;
    }

    int load(List<Client> clients, List<Debtor> debtors, LocalDate today, Random random) {
        int count = 0;
        for (int c = 0; c < clients.size(); c++) {
            Client client = clients.get(c);
            List<Debtor> customers = new ArrayList<>();
            for (int k = 0; k < CUSTOMERS_PER_CLIENT; k++) {
                customers.add(debtors.get((c * 5 + k * 3) % debtors.size()));
            }
            String prefix = client.displayName().replaceAll("[^A-Z]", "");
            for (int i = 0; i < INVOICES_PER_CLIENT; i++) {
                int age = DAYS_BACK - i * DAYS_BACK / INVOICES_PER_CLIENT - random.nextInt(2);
                LocalDate issued = today.minusDays(Math.max(age, 0));
                Debtor debtor = customers.get(random.nextInt(customers.size()));
                Money face = Money.of(BigDecimal.valueOf(50_000 + random.nextInt(1_450_000), 2), Money.USD);
                Invoice invoice = invoices.submit(
                        new NewInvoice(
                                client.id(),
                                debtor.id(),
                                prefix + "-" + (10_400 + i),
                                random.nextInt(3) == 0 ? "PO-" + (70_000 + random.nextInt(9_999)) : null,
                                issued,
                                30 + 15 * random.nextInt(3),
                                null,
                                face),
                        ScheduleSource.MANUAL);
                walk(invoice, path(age, random));
                count++;
            }
        }
        return count;
    }

    /** Where an invoice of this age has got to: the older, the further along. */
    private static List<InvoiceStatus> path(int age, Random random) {
        int roll = random.nextInt(100);
        if (age > 75) {
            if (roll < 8) {
                return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED, InvoiceStatus.CHARGED_BACK);
            }
            if (roll < 14) {
                return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED, InvoiceStatus.PARTIALLY_PAID);
            }
            return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED, InvoiceStatus.PAID, InvoiceStatus.CLOSED);
        }
        if (age > 40) {
            if (roll < 35) {
                return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED, InvoiceStatus.PAID);
            }
            if (roll < 45) {
                return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED, InvoiceStatus.PARTIALLY_PAID);
            }
            return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED);
        }
        if (age > 7) {
            if (roll < 5) {
                return List.of(InvoiceStatus.REJECTED);
            }
            return List.of(InvoiceStatus.APPROVED, InvoiceStatus.FUNDED);
        }
        if (roll < 10) {
            return List.of(InvoiceStatus.WITHDRAWN);
        }
        return roll < 50 ? List.of(InvoiceStatus.APPROVED) : List.of();
    }

    private void walk(Invoice invoice, List<InvoiceStatus> steps) {
        for (InvoiceStatus step : steps) {
            invoices.transition(invoice.id(), step, reason(step));
        }
    }

    private static String reason(InvoiceStatus step) {
        return switch (step) {
            case REJECTED -> "Debtor disputes delivery; client asked to resubmit with proof of delivery";
            case WITHDRAWN -> "Client withdrew: invoice reissued with corrected PO";
            case CHARGED_BACK -> "Recourse period ended unpaid";
            case PARTIALLY_PAID -> "Debtor short-paid; deduction under review";
            default -> null;
        };
    }
}
