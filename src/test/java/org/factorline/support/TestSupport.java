package org.factorline.support;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.factorline.clients.Agreement;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.Client;
import org.factorline.clients.ClientDetails;
import org.factorline.clients.Clients;
import org.factorline.clients.VerificationPolicy;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorDetails;
import org.factorline.debtors.Debtors;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.identity.SignedInUser;
import org.factorline.identity.UserAccounts;
import org.factorline.pricing.FeeSchedule;
import org.factorline.pricing.MiscFees;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.shared.PostalAddress;
import org.factorline.shared.Rate;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Test fixtures: a movable clock, acting as a given user, and quick ways to make a client with an
 * agreement, a debtor and users. Names carry a counter and a random part so tests never collide.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestSupport {

    public static final Instant START = Instant.parse("2026-03-02T14:00:00Z");

    /** {@link #START} two hours on: Monday 10:00 in Chicago, inside the debtors' business hours. */
    public static final Instant BUSINESS_HOURS = START.plus(java.time.Duration.ofHours(2));

    private static final AtomicInteger SEQ = new AtomicInteger();
    public static final String PASSWORD = "correct-horse-battery";

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock(START);
    }

    /** A real SMTP server for the whole test run; the outbox sends to it and tests read what arrived. */
    @Bean(destroyMethod = "stop")
    com.icegreen.greenmail.util.GreenMail greenMail() {
        var mail = new com.icegreen.greenmail.util.GreenMail(
                com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    @Bean
    org.springframework.mail.javamail.JavaMailSender testMailSender(com.icegreen.greenmail.util.GreenMail mail) {
        var sender = new org.springframework.mail.javamail.JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(mail.getSmtp().getPort());
        return sender;
    }

    @Bean
    Fixtures fixtures(
            @Lazy Clients clients,
            @Lazy Debtors debtors,
            @Lazy UserAccounts users,
            @Lazy org.factorline.invoices.Invoices invoices,
            Clock clock) {
        return new Fixtures(clients, debtors, users, invoices, clock);
    }

    /** Runs {@code work} as the given actor, then restores the previous security context. */
    public static <T> T as(Actor actor, Callable<T> work) {
        var previous = SecurityContextHolder.getContext();
        var ctx = SecurityContextHolder.createEmptyContext();
        var user = new SignedInUser(actor, "", true, false);
        ctx.setAuthentication(new UsernamePasswordAuthenticationToken(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(ctx);
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public static void as(Actor actor, Runnable work) {
        as(actor, () -> {
            work.run();
            return null;
        });
    }

    public static Actor admin() {
        return new Actor(null, "test-admin", "Test Admin", null, EnumSet.of(Role.ADMIN));
    }

    public static Actor staff(Role... roles) {
        return new Actor(null, "test-" + roles[0].name().toLowerCase(), "Test " + roles[0], null, Set.of(roles));
    }

    public static Actor clientUser(UUID clientId) {
        return new Actor(null, "test-client-user", "Test Client User", clientId, EnumSet.of(Role.CLIENT_ADMIN));
    }

    public static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet() + "-"
                + UUID.randomUUID().toString().substring(0, 6);
    }

    /** A random EIN-shaped tax id, unique enough for a test run. */
    public static String uniqueTaxId() {
        long n = Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 10_000_000L);
        return String.format("%02d-%07d", 10 + SEQ.incrementAndGet() % 89, n);
    }

    /** The design guide's worked example: standard terms with $25 per transfer (ACH too) and $5 per invoice. */
    public static AgreementTerms workedExampleTerms(java.time.LocalDate from) {
        AgreementTerms t = standardTerms(from);
        MiscFees fees = new MiscFees(
                Money.usd("25.00"),
                Money.usd("25.00"),
                Money.usd("5.00"),
                Money.usd("0"),
                Money.usd("0"),
                Money.usd("0"));
        return new AgreementTerms(
                t.effectiveFrom(),
                t.currency(),
                t.advanceRate(),
                t.fees(),
                fees,
                t.recourse(),
                t.recourseDays(),
                t.facilityLimit(),
                t.concentrationLimit(),
                t.verification(),
                t.notification());
    }

    public static AgreementTerms standardTerms(java.time.LocalDate from) {
        var usd = Money.USD;
        return new AgreementTerms(
                from,
                usd,
                Rate.percent("80"),
                FeeSchedule.tiered(Rate.percent("2.5"), 30, Rate.percent("0.75"), 10),
                new MiscFees(
                        Money.usd("25.00"),
                        Money.usd("0"),
                        Money.usd("5.00"),
                        Money.usd("0"),
                        Money.usd("0"),
                        Money.usd("0")),
                true,
                90,
                Money.usd("500000.00"),
                Rate.percent("25"),
                VerificationPolicy.all(),
                true);
    }

    public static class Fixtures {
        private final Clients clients;
        private final Debtors debtors;
        private final UserAccounts users;
        private final Clock clock;

        private final org.factorline.invoices.Invoices invoices;

        /** Public so a test that starts its own application contexts can make fixtures from their beans. */
        public Fixtures(
                Clients clients,
                Debtors debtors,
                UserAccounts users,
                org.factorline.invoices.Invoices invoices,
                Clock clock) {
            this.invoices = invoices;
            this.clients = clients;
            this.debtors = debtors;
            this.users = users;
            this.clock = clock;
        }

        /**
         * An ACTIVE client with a payout account (routing 111000025) and a standard agreement (80% advance,
         * tiered 2.5%/30d + 0.75%/10d, recourse 90 days).
         */
        public Client activeClient() {
            return activeClient(standardTerms(java.time.LocalDate.now(clock).minusDays(30)));
        }

        public Client activeClient(AgreementTerms terms) {
            return as(admin(), () -> {
                Client c = clients.register(new ClientDetails(
                        unique("Client"),
                        null,
                        uniqueTaxId(),
                        "Trucking",
                        new PostalAddress("1 Main St", "Dallas", "TX", "75201", "US"),
                        "Owner",
                        "owner@example.com",
                        "+1 214 555 0100",
                        null));
                c = clients.setPayoutAccount(c.id(), c.legalName(), "111000025", "000123456789", c.version());
                Agreement a = clients.addAgreementVersion(c.id(), terms);
                return clients.changeStatus(c.id(), org.factorline.clients.ClientStatus.ACTIVE, "test", c.version());
            });
        }

        public Debtor debtor() {
            return debtor(unique("Debtor"));
        }

        public Debtor debtor(String name) {
            return as(
                    admin(),
                    () -> debtors.register(new DebtorDetails(
                            name,
                            null,
                            new PostalAddress("9 Commerce Way", "Chicago", "IL", "60601", "US"),
                            "America/Chicago",
                            Money.usd("250000.00"),
                            List.of(new DebtorDetails.ContactDetails(
                                    "AP Team",
                                    "ap@" + name.toLowerCase().replaceAll("[^a-z0-9]", "") + ".example.com",
                                    "+1 312 555 0199",
                                    true)))));
        }

        /** A user who can sign in with {@link #PASSWORD}; returns the user name. */
        public UserAccounts.UserView user(UUID clientId, Role... roles) {
            return as(
                    admin(),
                    () -> users.create(new UserAccounts.NewUser(
                            unique("user"),
                            "Test User",
                            "user@example.com",
                            null,
                            PASSWORD,
                            clientId,
                            EnumSet.copyOf(List.of(roles)))));
        }

        /** An API token for a new user with these roles. */
        public String token(UUID clientId, Role... roles) {
            return tokenFor(user(clientId, roles));
        }

        /** An invoice of the client on the debtor, submitted by an administrator, on 30-day terms. */
        public org.factorline.invoices.Invoice submitted(
                Client client, Debtor debtor, String number, java.time.LocalDate issued, Money face) {
            return as(
                    admin(),
                    () -> invoices.submit(
                            new org.factorline.invoices.NewInvoice(
                                    client.id(), debtor.id(), number, null, issued, 30, null, face),
                            org.factorline.invoices.ScheduleSource.MANUAL));
        }

        /**
         * An invoice of the client on the debtor, issued three days ago on 30-day terms, verified, with
         * the debtor's notice of assignment acknowledged, and approved: ready to fund.
         */
        public org.factorline.invoices.Invoice readyToFund(Client client, Debtor debtor, Money face) {
            return as(admin(), () -> {
                var i = invoices.submit(
                        new org.factorline.invoices.NewInvoice(
                                client.id(),
                                debtor.id(),
                                unique("F"),
                                null,
                                java.time.LocalDate.now(clock).minusDays(3),
                                30,
                                null,
                                face),
                        org.factorline.invoices.ScheduleSource.MANUAL);
                invoices.recordVerification(
                        i.id(), org.factorline.invoices.VerificationStatus.VERIFIED, "confirmed by e-mail");
                boolean acknowledged = debtors.relationships(debtor.id()).stream()
                        .anyMatch(r -> r.clientId().equals(client.id().value())
                                && r.notificationState() == org.factorline.debtors.NotificationState.ACKNOWLEDGED);
                if (!acknowledged) {
                    debtors.recordNotice(
                            client.id().value(),
                            debtor.id(),
                            org.factorline.debtors.NotificationState.ACKNOWLEDGED,
                            "signed notice returned");
                }
                return invoices.transition(i.id(), org.factorline.invoices.InvoiceStatus.APPROVED, null);
            });
        }

        /** An API token for this user. */
        public String tokenFor(UserAccounts.UserView user) {
            return as(admin(), () -> users.issueToken(user.id(), "test").token());
        }
    }
}
