package org.factorline.demo;

import java.time.Clock;
import org.factorline.clients.Clients;
import org.factorline.debtors.Debtors;
import org.factorline.identity.UserAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the demo book on the first start of the embedded default (an empty database with demo data
 * switched on), then tells the person at the console where to go and how to sign in.
 */
@Component
class DemoLoader {

    private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);

    private final boolean enabled;
    private final String baseUrl;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final DemoData data;
    private final Environment environment;
    private final org.factorline.outreach.Planner planner;
    private final org.factorline.outreach.Outbox outbox;

    DemoLoader(
            @Value("${factorline.demo-data:false}") boolean enabled,
            @Value("${factorline.base-url:http://localhost:8080}") String baseUrl,
            JdbcClient jdbc,
            TransactionTemplate tx,
            Clients clients,
            Debtors debtors,
            UserAccounts users,
            DemoInvoices invoices,
            Clock clock,
            Environment environment,
            org.factorline.outreach.Planner planner,
            org.factorline.outreach.Outbox outbox) {
        this.planner = planner;
        this.outbox = outbox;
        this.enabled = enabled;
        this.baseUrl = baseUrl;
        this.jdbc = jdbc;
        this.tx = tx;
        this.data = new DemoData(clients, debtors, users, invoices, clock);
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        if (enabled && !environment.matchesProfiles("prod")) {
            long users =
                    jdbc.sql("select count(*) from app_user").query(Long.class).single();
            if (users == 0) {
                tx.executeWithoutResult(status -> data.load());
                // today's debtor contact for the demo book: verification requests, status checks, the clients
                // told of past-due invoices; captured in the outbox, never sent
                var plan = planner.plan();
                outbox.deliverDue();
                log.info(
                        "Demo debtor contact: {} messages to debtors, {} to clients, {} tasks (see /staff/outreach)",
                        plan.debtorMessages(),
                        plan.clientMessages(),
                        plan.tasks());
            }
            log.info(
                    "\n\n  Factorline is running at {}\n  Demo sign-ins (password \"{}\"): {} (staff); {} (client user)\n",
                    baseUrl,
                    DemoUsers.PASSWORD,
                    String.join(
                            ", ",
                            DemoUsers.STAFF.stream()
                                    .map(l -> l.username() + " = " + l.role())
                                    .toList()),
                    DemoUsers.CLIENT.username());
        } else {
            log.info("Factorline is running at {}", baseUrl);
        }
    }
}
