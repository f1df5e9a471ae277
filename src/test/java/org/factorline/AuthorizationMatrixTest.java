package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import org.factorline.clients.Client;
import org.factorline.debtors.Debtor;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.NewFundingRequest;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.identity.UserAccounts;
import org.factorline.invoices.Invoice;
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
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what: every mapping the application serves (read from Spring's own handler mappings, as
 * {@link ClientIsolationTest} does) is called by every role, and by nobody signed in, and the outcome is
 * compared with the reviewed table in {@code src/test/resources/security/authorization-matrix.csv}: one row per
 * method and path, one column per caller. A new endpoint fails here until its row is written and reviewed; a
 * row whose endpoint is gone fails too.
 *
 * <p>Outcomes past authorization: {@code ok} (answered: a page, a 200, a 409), {@code invalid} (the input was
 * refused: a 400 or 415, or a page sent back with its problems shown; the forms here are sent nearly empty, so a page
 * that checks its form before the role says so), {@code missing} (a 404). Refusals: {@code 403} (the role),
 * {@code denied} (the role, refused on the page itself: "your role does not allow this"),
 * {@code 401} (an API call without a valid token), {@code login} (a page sending the caller to sign in). Pages are called signed in by session (as form sign-in
 * leaves them), with a CSRF token; the API with each caller's own bearer token.
 *
 * <p>Each caller works on a book of its own: a fresh client with a debtor, invoices, an open and a funded
 * request, a payout, a payment, a settlement run, a message, a user, a token and a webhook, so what one
 * caller's allowed calls change never decides another caller's outcome. Client roles belong to their book's
 * client (isolation between clients is {@link ClientIsolationTest}'s business).
 *
 * <p>Beyond the table, a few rules hold whatever it says: the auditor's state-changing calls are never answered
 * {@code ok} (its own profile aside); no call answers with a server error; client
 * roles never reach {@code /staff/**} pages, staff roles never reach {@code /portal/**}; nobody signed out gets
 * past anything but the public pages. Rewrite the table for review with {@code -Dauthz.write=true}.
 */
@FactorlineTest
class AuthorizationMatrixTest {

    static final Path TABLE = Path.of("src/test/resources/security/authorization-matrix.csv");

    /** Callers in the table's column order: every role, then nobody signed in. */
    static final List<String> CALLERS = callers();

    static final String ANONYMOUS = "ANONYMOUS";

    /** Past authorization: answered, refused on the input, or not found. Refused: the other three. */
    static final List<String> OUTCOMES = List.of("ok", "invalid", "missing", "denied", "403", "401", "login");

    /** Open to anyone by design (the same list the client-isolation test skips). */
    static final List<String> PUBLIC = ClientIsolationTest.PUBLIC;

    /** A person's own sign-out, password, second factor and tokens: every signed-in role manages its own. */
    static final List<String> SELF_SERVICE = List.of("/staff/profile", "/api/v1/profile", "/logout");

    static List<String> callers() {
        List<String> all = new ArrayList<>();
        for (Role r : Role.values()) {
            all.add(r.name());
        }
        all.add(ANONYMOUS);
        return List.copyOf(all);
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
    org.factorline.payouts.Payouts payouts;

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

    record Endpoint(HttpMethod method, String pattern) implements Comparable<Endpoint> {
        String key() {
            return method + " " + pattern;
        }

        boolean api() {
            return pattern.startsWith("/api/");
        }

        boolean changes() {
            return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
        }

        @Override
        public int compareTo(Endpoint o) {
            int byPath = pattern.compareTo(o.pattern);
            return byPath != 0 ? byPath : method.name().compareTo(o.method.name());
        }
    }

    /** One caller's own objects, for the ids in paths. */
    record Book(
            Client client,
            Debtor debtor,
            Invoice open,
            UUID document,
            UUID openRequest,
            UUID payout,
            UUID payment,
            UUID run,
            UUID message,
            UUID schedule,
            UserAccounts.UserView user,
            UUID token,
            UUID webhook,
            UUID delivery,
            UUID file,
            UUID entry) {}

    Book book() {
        clock.set(TestSupport.BUSINESS_HOURS);
        Client c = fixtures.activeClient();
        Debtor debtor = fixtures.debtor();
        Invoice funded = fixtures.readyToFund(c, debtor, Money.usd("10000.00"));
        Invoice toRequest = fixtures.readyToFund(c, debtor, Money.usd("2000.00"));
        Invoice open = TestSupport.as(
                TestSupport.admin(),
                () -> invoices.submit(
                        new org.factorline.invoices.NewInvoice(
                                c.id(),
                                debtor.id(),
                                TestSupport.unique("M"),
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
        UUID[] ids = TestSupport.as(OFFICER, () -> {
            FundingRequest r = funding.request(
                    new NewFundingRequest(c.id().value(), List.of(funded.id().value()), null, PayoutMethod.ACH));
            funding.approve(r.id());
            Payment p = receipts.record(
                    new IncomingPayment(
                            LocalDate.now(appClock),
                            Money.usd("9850.00"),
                            ReceiptKind.CHECK,
                            TestSupport.unique("Payer"),
                            null,
                            null,
                            null,
                            null,
                            "test"),
                    null);
            receipts.apply(p.id(), funded.id(), Money.usd("9850.00"));
            receipts.acceptShortPay(funded.id(), "Damaged pallet, credit note agreed with the client");
            SettlementRun run = settlement.run(PayoutMethod.ACH);
            UUID payout = jdbc.sql("select id from payout where client_id = ? order by created_at limit 1")
                    .param(c.id().value())
                    .query(UUID.class)
                    .single();
            FundingRequest pending = funding.request(
                    new NewFundingRequest(c.id().value(), List.of(toRequest.id().value()), null, PayoutMethod.ACH));
            return new UUID[] {pending.id(), payout, p.id(), run.id()};
        });
        planner.plan(List.of(debtor.id()));
        UUID message = TestSupport.as(
                        TestSupport.admin(),
                        () -> outreach.messages(c.id().value(), debtor.id().value(), null, null, 5))
                .stream()
                .filter(m -> m.audience() == OutboxMessage.Audience.DEBTOR)
                .findFirst()
                .orElseThrow()
                .id();
        UUID[] webhook = TestSupport.as(TestSupport.clientUser(c.id().value()), () -> {
            var created = notifications.addEndpoint(
                    c.id().value(),
                    "http://127.0.0.1:9/" + TestSupport.unique("hook"),
                    List.of("invoice.status_changed"));
            var delivery =
                    notifications.testSend(c.id().value(), created.endpoint().id());
            return new UUID[] {created.endpoint().id(), delivery.id()};
        });
        // a colleague releases the run's payout into a file, so the file pages and calls have a real one
        UUID file = TestSupport.as(
                        TestSupport.staff(Role.ADMIN),
                        () -> payouts.release(PayoutMethod.ACH, List.of(new org.factorline.payouts.PayoutId(ids[1]))))
                .id()
                .value();
        UUID entry = jdbc.sql("select id from journal_entry where client_id = ? order by entry_number limit 1")
                .param(c.id().value())
                .query(UUID.class)
                .single();
        var user = fixtures.user(c.id().value(), Role.CLIENT_USER);
        var issued = TestSupport.as(TestSupport.admin(), () -> users.issueToken(user.id(), "books"));
        return new Book(
                c,
                debtor,
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
                webhook[0],
                webhook[1],
                file,
                entry);
    }

    /** The book's id for a path variable, by the collection it follows; null when there is none of that kind. */
    static UUID idOf(Book b, String collection, String variable) {
        if (variable.startsWith("client") || collection.equals("clients") || collection.equals("pairs")) {
            return b.client().id().value();
        }
        if (variable.startsWith("debtor") || collection.equals("debtors") || collection.equals("customers")) {
            return b.debtor().id().value();
        }
        return switch (collection) {
            case "invoices", "recourse" -> b.open().id().value();
            case "documents" -> b.document();
            case "requests" -> b.openRequest();
            case "payouts" -> b.payout();
            case "payments" -> b.payment();
            case "runs", "statements" -> b.run();
            case "messages", "outbox" -> b.message();
            case "schedules" -> b.schedule();
            case "users" -> b.user().id();
            case "tokens" -> b.token();
            case "webhooks" -> b.webhook();
            case "deliveries" -> b.delivery();
            case "files" -> b.file();
            case "entries" -> b.entry();
            default -> null;
        };
    }

    List<Endpoint> endpoints() {
        Set<Endpoint> found = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    found.add(new Endpoint(HttpMethod.GET, pattern));
                } else {
                    methods.forEach(m -> found.add(new Endpoint(HttpMethod.valueOf(m.name()), pattern)));
                }
            }
        }
        return List.copyOf(found);
    }

    static String path(Endpoint e, Book b) {
        StringBuilder path = new StringBuilder();
        String previous = "";
        for (String segment : e.pattern().substring(1).split("/", -1)) {
            path.append('/');
            Matcher v = ClientIsolationTest.VARIABLE.matcher(segment);
            boolean variable = v.find();
            if (!variable) {
                path.append(segment);
            } else if (v.group(1).equals("action") || v.group(1).equals("decision")) {
                path.append(v.group(1).equals("action") ? "deactivate" : "approve");
            } else {
                UUID id = idOf(b, previous, v.group(1));
                path.append(segment, 0, v.start())
                        .append(id == null ? UUID.randomUUID() : id)
                        .append(segment.substring(v.end()));
            }
            previous = variable ? v.group(1) : segment;
        }
        return path.toString();
    }

    /** A signed-in caller: the user for pages, its token for the API; both null for nobody. */
    record Caller(String name, Actor actor, String token) {}

    Caller caller(String name, Book b) {
        if (name.equals(ANONYMOUS)) {
            return new Caller(name, null, null);
        }
        Role role = Role.valueOf(name);
        var user = fixtures.user(role.isStaff() ? null : b.client().id().value(), role);
        return new Caller(name, UserAccounts.toActor(user), fixtures.tokenFor(user));
    }

    MvcResult call(Endpoint e, Book b, Caller c) throws Exception {
        MockHttpServletRequestBuilder r = request(e.method(), path(e, b));
        String client = b.client().id().toString();
        String debtor = b.debtor().id().toString();
        if (e.api()) {
            if (c.token() != null) {
                r.header("Authorization", "Bearer " + c.token());
            }
            if (e.changes()) {
                r.contentType(MediaType.APPLICATION_JSON)
                        .content("{\"clientId\":\"" + client + "\",\"debtorId\":\"" + debtor + "\",\"invoiceIds\":[\""
                                + b.open().id() + "\"]}");
            }
        } else {
            if (c.actor() != null) {
                r.with(SignedIn.as(c.actor()));
            }
            if (e.changes()) {
                r.with(csrf())
                        .param("clientId", client)
                        .param("debtorId", debtor)
                        .param("invoiceIds", b.open().id().toString());
            }
        }
        return mvc.perform(r).andReturn();
    }

    static String outcome(MvcResult result) {
        int status = result.getResponse().getStatus();
        String location = result.getResponse().getRedirectedUrl();
        if (status == 401) {
            return "401";
        }
        if (status == 403) {
            return "403";
        }
        if (status >= 300 && status < 400 && location != null && location.matches("(https?://[^/]+)?/login([?#].*)?")) {
            return "login";
        }
        // pages show their refusals on the page: the role's ("your role does not allow this") or the form's
        Object shown = result.getModelAndView() == null
                ? null
                : result.getModelAndView().getModel().get("problems");
        Object flashed = result.getFlashMap().get("problems");
        String said = (shown == null ? "" : shown.toString()) + " " + (flashed == null ? "" : flashed.toString());
        if (said.toLowerCase(java.util.Locale.ROOT).contains("role does not allow")) {
            return "denied";
        }
        if (status == 404) {
            return "missing";
        }
        boolean problemsShown = (shown instanceof java.util.Collection<?> c && !c.isEmpty())
                || flashed != null
                || result.getFlashMap().containsKey("problemTitle");
        // 415: a JSON body sent where a file upload is expected, refused before the handler reads it
        if (status == 400 || status == 415 || status == 422 || problemsShown) {
            return "invalid";
        }
        return "ok";
    }

    @Test
    void everyEndpointAnswersEveryRoleAsTheReviewedTableSays() throws Exception {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).as("the application's endpoints").hasSizeGreaterThan(100);

        Map<String, Map<String, String>> actual = new TreeMap<>();
        Map<String, Integer> serverErrors = new TreeMap<>();
        int calls = 0;
        for (String name : CALLERS) {
            Book b = book();
            Caller c = caller(name, b);
            for (Endpoint e : endpoints) {
                String outcome;
                try {
                    MvcResult result = call(e, b, c);
                    outcome = outcome(result);
                    if (result.getResponse().getStatus() >= 500) {
                        serverErrors.merge(e.key(), 1, Integer::sum);
                    }
                } catch (jakarta.servlet.ServletException thrown) {
                    // past authorization, and then a failure no handler turned into an answer
                    outcome = "ok";
                    serverErrors.merge(e.key() + " (" + thrown.getRootCause() + ")", 1, Integer::sum);
                }
                calls++;
                actual.computeIfAbsent(e.key(), k -> new LinkedHashMap<>()).put(name, outcome);
            }
        }
        System.out.printf(
                "AUTHZ %d mappings x %d callers = %d calls; %d answered with a server error: %s%n",
                endpoints.size(), CALLERS.size(), calls, serverErrors.size(), serverErrors.keySet());

        if (Boolean.getBoolean("authz.write")) {
            write(endpoints, actual);
        }
        Map<String, String> broken = new TreeMap<>();
        for (Endpoint e : endpoints) {
            Map<String, String> row = actual.get(e.key());
            rules(e, row).forEach(problem -> broken.merge(e.key(), problem, (x, y) -> x + "; " + y));
        }
        assertThat(broken).as("calls that break the rules any table must keep").isEmpty();
        assertThat(serverErrors.keySet())
                .as("calls answered with a server error (an id that names nothing is a 404)")
                .allMatch(k -> k.startsWith("GET /error"));

        Map<String, Map<String, String>> expected = read();
        Map<String, String> differences = new TreeMap<>();
        for (Endpoint e : endpoints) {
            Map<String, String> want = expected.get(e.key());
            if (want == null) {
                differences.put(e.key(), "not in the table: review it and add its row");
                continue;
            }
            for (String name : CALLERS) {
                String got = actual.get(e.key()).get(name);
                if (!got.equals(want.get(name))) {
                    differences.merge(
                            e.key(), name + " expected " + want.get(name) + " but was " + got, (x, y) -> x + "; " + y);
                }
            }
        }
        expected.keySet().stream()
                .filter(k -> !actual.containsKey(k))
                .forEach(k -> differences.put(k, "in the table, but the application no longer serves it"));
        assertThat(differences)
                .as("endpoints whose authorization differs from " + TABLE)
                .isEmpty();
    }

    /** Rules that hold whatever the table says. */
    static List<String> rules(Endpoint e, Map<String, String> row) {
        List<String> problems = new ArrayList<>();
        boolean open = PUBLIC.stream()
                .anyMatch(p ->
                        p.equals("/") ? e.pattern().equals("/") : e.pattern().startsWith(p));
        boolean self = SELF_SERVICE.stream().anyMatch(p -> e.pattern().startsWith(p));
        if (!open) {
            String signedOut = e.api() ? "401" : "login";
            if (!row.get(ANONYMOUS).equals(signedOut)) {
                problems.add("nobody signed in got " + row.get(ANONYMOUS) + ", not " + signedOut);
            }
        }
        if (!open && !self && e.changes() && row.get(Role.AUDITOR.name()).equals("ok")) {
            problems.add("the auditor changed something");
        }
        if (e.pattern().startsWith("/staff/") && !self) {
            for (Role r : List.of(Role.CLIENT_ADMIN, Role.CLIENT_USER)) {
                if (!row.get(r.name()).equals("403")) {
                    problems.add(r + " reached a staff page: " + row.get(r.name()));
                }
            }
        }
        if (e.pattern().startsWith("/portal/")) {
            for (Role r : Role.values()) {
                if (r.isStaff() && !row.get(r.name()).equals("403")) {
                    problems.add(r + " reached a portal page: " + row.get(r.name()));
                }
            }
        }
        for (Role r : Role.values()) {
            if (!open && (row.get(r.name()).equals("401") || row.get(r.name()).equals("login"))) {
                problems.add(r + " was signed in but told to sign in");
            }
        }
        return problems;
    }

    static Map<String, Map<String, String>> read() throws IOException {
        Map<String, Map<String, String>> table = new TreeMap<>();
        if (!Files.exists(TABLE)) {
            return table;
        }
        List<String> header = null;
        int lineNumber = 0;
        for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = List.of(line.split(",", -1));
            if (header == null) {
                header = cells;
                assertThat(header.subList(2, header.size()))
                        .as(TABLE + " header: method, path, then every caller")
                        .isEqualTo(CALLERS);
                continue;
            }
            assertThat(cells).as(TABLE + " line " + lineNumber).hasSize(header.size());
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 2; i < cells.size(); i++) {
                assertThat(cells.get(i))
                        .as(TABLE + " line " + lineNumber + ", " + header.get(i))
                        .isIn(OUTCOMES);
                row.put(header.get(i), cells.get(i));
            }
            String key = cells.get(0) + " " + cells.get(1);
            assertThat(table.put(key, row))
                    .as(TABLE + " line " + lineNumber + ": " + key + " twice")
                    .isNull();
        }
        return table;
    }

    static void write(List<Endpoint> endpoints, Map<String, Map<String, String>> actual) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# Who may call what: one row per mapping the application serves, one column per caller.\n")
                .append(
                        "# Past authorization: ok = answered; invalid = the input refused (400, or a page back with its\n")
                .append("# problems shown); missing = 404. Refused: 403 = the role refused; denied = the role\n")
                .append("# refused on the page itself; 401 = an API call without a valid token; login = a page\n")
                .append("# sending the caller to sign in.\n")
                .append(
                        "# Checked by AuthorizationMatrixTest; rewrite with -Dauthz.write=true, then review every change.\n")
                .append("method,path,")
                .append(String.join(",", CALLERS))
                .append('\n');
        for (Endpoint e : endpoints) {
            out.append(e.method()).append(',').append(e.pattern());
            for (String name : CALLERS) {
                out.append(',').append(actual.get(e.key()).get(name));
            }
            out.append('\n');
        }
        Files.createDirectories(TABLE.getParent());
        Files.writeString(TABLE, out, StandardCharsets.UTF_8);
    }
}
