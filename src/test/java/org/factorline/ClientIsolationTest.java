package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.outreach.OutboxMessage;
import org.factorline.outreach.Outreach;
import org.factorline.outreach.Planner;
import org.factorline.pricing.PayoutMethod;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.IncomingPayment;
import org.factorline.receipts.Payment;
import org.factorline.receipts.Receipts;
import org.factorline.settlement.Settlement;
import org.factorline.settlement.SettlementRun;
import org.factorline.shared.Money;
import org.factorline.shared.MutableClock;
import org.factorline.support.FactorlineTest;
import org.factorline.support.SignedIn;
import org.factorline.support.TestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * A client's people never see another client's data, nor learn that it exists: every page and every API
 * call the application serves is called by client A's admin, with client B's ids wherever the path takes an
 * id and B's ids as query parameters and form fields everywhere else. The endpoints are read from the
 * application's own mappings, so a new endpoint is covered (or makes this test fail until its ids are known).
 *
 * <p>What each call must do: a page or call that reads B's object answers exactly as it does for an id that
 * exists nowhere (so B's existence is not given away), never a success; no response body names B, its
 * customer, its invoices, its payment or its people; B's records are unchanged afterwards.
 */
@FactorlineTest
class ClientIsolationTest {

    /** Open to anyone by design: sign-in, password links, the debtor's signed link, the remit-to check, docs. */
    static final List<String> PUBLIC = List.of(
            "/",
            "/login",
            "/login/forgot",
            "/login/code",
            "/account/password",
            "/d/",
            "/remit-check",
            "/error",
            "/v3/api-docs",
            "/swagger-ui");

    static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z]+)}");

    /** Refused: an error status, or a page that went back with the problem shown (the pages' way). */
    static boolean refused(MvcResult result) {
        int status = result.getResponse().getStatus();
        return status >= 400
                || (status >= 300
                        && (result.getFlashMap().containsKey("problems")
                                || result.getFlashMap().containsKey("problemTitle")));
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    TestSupport.Fixtures fixtures;

    @Autowired
    Invoices invoices;

    @Autowired
    Funding funding;

    @Autowired
    Receipts receipts;

    @Autowired
    Settlement settlement;

    @Autowired
    Planner planner;

    @Autowired
    Outreach outreach;

    @Autowired
    UserAccounts users;

    @Autowired
    org.factorline.notifications.Notifications notifications;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    Clock appClock;

    static final Actor OFFICER = TestSupport.staff(Role.FUNDING_OFFICER, Role.ADMIN);

    @AfterEach
    void resetClock() {
        clock.set(TestSupport.START);
    }

    /** Everything client B has that an id in a path could name. */
    record BookOfB(
            Client client,
            Debtor debtor,
            Invoice closed,
            Invoice open,
            UUID document,
            UUID fundingRequest,
            UUID payout,
            UUID payment,
            UUID run,
            UUID message,
            UUID schedule,
            UserAccounts.UserView user,
            UUID token,
            String apiToken,
            UUID webhook,
            UUID delivery,
            List<String> secrets) {}

    BookOfB bookOfB() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client b = fixtures.activeClient();
        Debtor debtor = fixtures.debtor(TestSupport.unique("Secret Customer Of B"));
        Invoice closed = fixtures.readyToFund(b, debtor, Money.usd("10000.00"));
        Invoice open = TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new org.factorline.invoices.NewInvoice(
                                b.id(),
                                debtor.id(),
                                TestSupport.unique("BSECRET"),
                                null,
                                LocalDate.now(appClock).minusDays(1),
                                30,
                                null,
                                Money.usd("4321.09")),
                        org.factorline.invoices.ScheduleSource.MANUAL));
        UUID document = TestSupport.as(
                        TestSupport.admin(),
                        () -> invoices.uploadDocument(
                                open.id(),
                                "bol.pdf",
                                new ByteArrayInputStream("%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII))))
                .id();
        String payer = TestSupport.unique("Payer Of B");
        UUID[] ids = TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(
                    new NewFundingRequest(b.id().value(), List.of(closed.id().value()), null, PayoutMethod.ACH));
            FundingRequest approved = funding.approve(r.id());
            Payment p = receipts.record(
                    new IncomingPayment(
                            LocalDate.now(appClock),
                            Money.usd("9850.00"),
                            ReceiptKind.CHECK,
                            payer,
                            null,
                            null,
                            null,
                            null,
                            "test"),
                    null);
            receipts.apply(p.id(), closed.id(), Money.usd("9850.00"));
            receipts.acceptShortPay(closed.id(), "Damaged pallet, credit note agreed with the client");
            SettlementRun run = settlement.run(PayoutMethod.ACH);
            UUID payout = jdbc.sql("select id from payout where client_id = ? order by created_at limit 1")
                    .param(b.id().value())
                    .query(UUID.class)
                    .single();
            return new UUID[] {approved.id(), payout, p.id(), run.id()};
        });
        planner.plan(List.of(debtor.id()));
        UUID message = TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.messages(b.id().value(), debtor.id().value(), null, null, 5))
                .stream()
                .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR)
                .findFirst()
                .orElseThrow()
                .id();
        String hook = "http://127.0.0.1:9/" + TestSupport.unique("b-secret-hook");
        UUID[] webhook = TestSupport.as(TestSupport.clientUser(b.id().value()), () -> {
            var created = notifications.addEndpoint(b.id().value(), hook, List.of("invoice.status_changed"));
            var delivery =
                    notifications.testSend(b.id().value(), created.endpoint().id());
            return new UUID[] {created.endpoint().id(), delivery.id()};
        });
        var user = fixtures.user(b.id().value(), Role.CLIENT_USER);
        var issued = TestSupport.as(TestSupport.admin(), () -> users.issueToken(user.id(), "b's books"));
        return new BookOfB(
                b,
                debtor,
                TestSupport.as(TestSupport.admin(), () -> invoices.get(closed.id())),
                open,
                document,
                ids[0],
                ids[1],
                ids[2],
                ids[3],
                message,
                open.scheduleId().value(),
                user,
                issued.id(),
                issued.token(),
                webhook[0],
                webhook[1],
                List.of(
                        b.legalName(),
                        b.displayName(),
                        b.reference(),
                        b.id().toString(),
                        debtor.name(),
                        debtor.id().toString(),
                        closed.number(),
                        closed.id().toString(),
                        open.number(),
                        open.id().toString(),
                        payer,
                        ids[2].toString(),
                        user.username(),
                        hook,
                        user.id().toString()));
    }

    /** B's id for a path variable, by the collection it follows; null when B has nothing of that kind. */
    static UUID idOfB(BookOfB b, String collection, String variable) {
        if (variable.startsWith("client") || collection.equals("clients") || collection.equals("pairs")) {
            return b.client().id().value();
        }
        if (variable.startsWith("debtor") || collection.equals("debtors") || collection.equals("customers")) {
            return b.debtor().id().value();
        }
        return switch (collection) {
            case "invoices", "recourse" -> b.open().id().value();
            case "documents" -> b.document();
            case "requests" -> b.fundingRequest();
            case "payouts" -> b.payout();
            case "payments" -> b.payment();
            case "runs" -> b.run();
            case "messages", "outbox" -> b.message();
            case "schedules" -> b.schedule();
            case "users" -> b.user().id();
            case "tokens" -> b.token();
            case "statements" -> b.run();
            case "webhooks" -> b.webhook();
            case "deliveries" -> b.delivery();
            default -> null;
        };
    }

    record Endpoint(HttpMethod method, String pattern) {}

    List<Endpoint> endpoints() {
        List<Endpoint> found = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> patterns = info.getPatternValues();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : patterns) {
                if (PUBLIC.stream().anyMatch(p -> p.equals("/") ? pattern.equals("/") : pattern.startsWith(p))) {
                    continue;
                }
                if (methods.isEmpty()) {
                    found.add(new Endpoint(HttpMethod.GET, pattern));
                } else {
                    methods.forEach(m -> found.add(new Endpoint(HttpMethod.valueOf(m.name()), pattern)));
                }
            }
        }
        return found;
    }

    MvcResult call(Endpoint e, String path, BookOfB b, Actor pageActor, String apiToken) throws Exception {
        MockHttpServletRequestBuilder r = request(e.method(), path);
        String client = b.client().id().toString();
        String debtor = b.debtor().id().toString();
        if (e.method() == HttpMethod.GET) {
            r.param("clientId", client)
                    .param("client", client)
                    .param("debtorId", debtor)
                    .param("debtor", debtor);
        }
        if (path.startsWith("/api/")) {
            r.header("Authorization", "Bearer " + apiToken);
            if (e.method() != HttpMethod.GET) {
                r.contentType(MediaType.APPLICATION_JSON)
                        .content("{\"clientId\":\"" + client + "\",\"debtorId\":\"" + debtor + "\",\"invoiceIds\":[\""
                                + b.open().id() + "\"]}");
            }
        } else {
            r.with(SignedIn.as(pageActor));
            if (e.method() != HttpMethod.GET) {
                r.with(csrf())
                        .param("clientId", client)
                        .param("debtorId", debtor)
                        .param("invoiceIds", b.open().id().toString());
            }
        }
        return mvc.perform(r).andReturn();
    }

    @Test
    void clientAsAdminReachesNothingOfClientBThroughAnyPageOrApiCall() throws Exception {
        BookOfB b = bookOfB();
        Client a = fixtures.activeClient();
        Debtor ownDebtor = fixtures.debtor();
        fixtures.readyToFund(a, ownDebtor, Money.usd("1500.00"));
        var adminOfA = fixtures.user(a.id().value(), Role.CLIENT_ADMIN);
        Actor pageActor = UserAccounts.toActor(adminOfA);
        String apiToken = fixtures.tokenFor(adminOfA);

        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).as("the application's endpoints").hasSizeGreaterThan(100);
        Map<String, String> problems = new TreeMap<>();
        int withIds = 0;
        for (Endpoint e : endpoints) {
            String key = e.method() + " " + e.pattern();
            StringBuilder withB = new StringBuilder();
            StringBuilder nowhere = new StringBuilder();
            boolean unknown = false;
            boolean hasIds = false;
            String previous = "";
            for (String segment : e.pattern().substring(1).split("/", -1)) {
                withB.append('/');
                nowhere.append('/');
                Matcher v = VARIABLE.matcher(segment);
                boolean variable = v.find();
                if (!variable) {
                    withB.append(segment);
                    nowhere.append(segment);
                } else if (v.group(1).equals("action") || v.group(1).equals("decision")) {
                    String verb = v.group(1).equals("action") ? "deactivate" : "approve";
                    withB.append(verb);
                    nowhere.append(verb);
                } else {
                    hasIds = true;
                    UUID id = idOfB(b, previous, v.group(1));
                    unknown |= id == null;
                    // a variable may carry a suffix, as in {runId}.pdf
                    withB.append(segment.substring(0, v.start()))
                            .append(id == null ? UUID.randomUUID() : id)
                            .append(segment.substring(v.end()));
                    nowhere.append(segment.substring(0, v.start()))
                            .append(UUID.randomUUID())
                            .append(segment.substring(v.end()));
                }
                previous = variable ? v.group(1) : segment;
            }
            String path = withB.toString();
            MvcResult result = call(e, path, b, pageActor, apiToken);
            MockHttpServletResponse response = result.getResponse();
            String body = response.getContentAsString() + " " + result.getFlashMap();
            String sent = path + " " + b.client().id() + " " + b.debtor().id() + " "
                    + b.open().id();
            b.secrets().stream()
                    .filter(secret -> body.contains(secret) && !sent.contains(secret))
                    .findFirst()
                    .ifPresent(secret -> problems.put(key, "the response names B's '" + secret + "'"));
            boolean staffOnly =
                    e.pattern().startsWith("/staff/") && !e.pattern().startsWith("/staff/profile");
            if (staffOnly && response.getStatus() != 403) {
                problems.putIfAbsent(key, "a staff page answered a client user with " + response.getStatus());
            }
            if (hasIds) {
                withIds++;
                if (!refused(result)) {
                    problems.putIfAbsent(key, "B's id was answered with " + response.getStatus());
                }
                if (!unknown && !staffOnly) {
                    int elsewhere = call(e, nowhere.toString(), b, pageActor, apiToken)
                            .getResponse()
                            .getStatus();
                    if (elsewhere != response.getStatus()) {
                        problems.putIfAbsent(
                                key,
                                "B's id answered " + response.getStatus() + " but an id that exists nowhere "
                                        + elsewhere + ": B's existence shows");
                    }
                }
            }
        }
        assertThat(problems)
                .as("endpoints that let client A see or touch client B")
                .isEmpty();
        assertThat(withIds).isGreaterThan(50);

        TestSupport.as(TestSupport.admin(), () -> {
            assertThat(invoices.get(b.closed().id()).status())
                    .isEqualTo(b.closed().status());
            assertThat(invoices.get(b.open().id()).status()).isEqualTo(InvoiceStatus.SUBMITTED);
            assertThat(users.isEnabled(b.user().id())).isTrue();
            assertThat(users.authenticateToken(b.apiToken())).isPresent();
            assertThat(outreach.rule(b.client().id().value(), b.debtor().id()).updatedAt())
                    .isNull();
        });
    }
}
