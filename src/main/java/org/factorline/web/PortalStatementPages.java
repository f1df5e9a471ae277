package org.factorline.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.factorline.clients.ClientId;
import org.factorline.clients.Clients;
import org.factorline.identity.CurrentActor;
import org.factorline.ledger.ClientAccount;
import org.factorline.ledger.Ledger;
import org.factorline.receipts.Aging;
import org.factorline.receipts.Agings;
import org.factorline.settlement.Statements;
import org.factorline.shared.ErrorCode;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.factorline.shared.Validation;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The client's statements and the aging of its own book. Settlement statements are the very documents
 * staff download for the client (the settlement module renders both); the account statement is read
 * off the client's ledger sub-accounts; the aging is grouped by the database. Everything is scoped to
 * the signed-in user's client: another client's run, or a run without a line for this client, is not
 * found.
 */
@Controller
@RequestMapping("/portal")
class PortalStatementPages {

    private final Statements statements;
    private final Ledger ledger;
    private final Agings agings;
    private final Clients clients;
    private final Clock clock;

    PortalStatementPages(Statements statements, Ledger ledger, Agings agings, Clients clients, Clock clock) {
        this.statements = statements;
        this.ledger = ledger;
        this.agings = agings;
        this.clients = clients;
        this.clock = clock;
    }

    @GetMapping("/statements")
    String statements(
            @RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
        UUID client = client();
        model.addAttribute("statements", statements.ofClient(client));
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        try {
            Period p = period(from, to);
            model.addAttribute("account", ledger.clientAccount(client, currency(client), p.from(), p.to()));
            model.addAttribute("from", p.from());
            model.addAttribute("to", p.to());
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
        }
        model.addAttribute("accounts", ClientAccount.ACCOUNTS);
        return "portal/statements";
    }

    @GetMapping("/statements/{runId}.pdf")
    ResponseEntity<byte[]> statementPdf(@PathVariable UUID runId) {
        UUID client = client();
        byte[] pdf = found(() -> statements.pdf(runId, client));
        return download(MediaType.APPLICATION_PDF, found(() -> statements.fileName(runId, client, "pdf")), pdf);
    }

    @GetMapping("/statements/{runId}.csv")
    ResponseEntity<byte[]> statementCsv(@PathVariable UUID runId) {
        UUID client = client();
        byte[] csv = found(() -> statements.csv(runId, client)).getBytes(StandardCharsets.UTF_8);
        return download(CSV, found(() -> statements.fileName(runId, client, "csv")), csv);
    }

    @GetMapping("/account-statement.pdf")
    ResponseEntity<byte[]> accountPdf(
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        UUID client = client();
        Period p = found(() -> period(from, to));
        return download(
                MediaType.APPLICATION_PDF,
                "account-" + p.from() + "-" + p.to() + ".pdf",
                found(() -> statements.accountPdf(client, currency(client), p.from(), p.to())));
    }

    @GetMapping("/account-statement.csv")
    ResponseEntity<byte[]> accountCsv(
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        UUID client = client();
        Period p = found(() -> period(from, to));
        return download(
                CSV,
                "account-" + p.from() + "-" + p.to() + ".csv",
                found(() -> statements.accountCsv(client, currency(client), p.from(), p.to()))
                        .getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping("/aging")
    String aging(
            @RequestParam(required = false) String asOf, @RequestParam(required = false) String basis, Model model) {
        UUID client = client();
        model.addAttribute("asOf", asOf);
        model.addAttribute("basis", basis == null ? Aging.Basis.DUE_DATE.name() : basis);
        model.addAttribute("bases", Aging.Basis.values());
        try {
            Aging aging = agings.ofClient(client, date("asOf", asOf, null), basis(basis));
            model.addAttribute("aging", aging);
            model.addAttribute("asOf", aging.asOf());
            model.addAttribute("chart", Chart.of(aging));
        } catch (FactorlineException e) {
            PageSupport.showProblems(model, e);
        }
        return "portal/aging";
    }

    @GetMapping("/aging.csv")
    ResponseEntity<byte[]> agingCsv(
            @RequestParam(required = false) String asOf, @RequestParam(required = false) String basis) {
        UUID client = client();
        Aging aging = found(() -> agings.ofClient(client, date("asOf", asOf, null), basis(basis)));
        return download(CSV, "aging-" + aging.asOf() + ".csv", aging.csv().getBytes(StandardCharsets.UTF_8));
    }

    /** A bar chart of the aging's buckets, drawn on the server as SVG: bars scaled to the largest bucket. */
    record Chart(int width, int height, List<Bar> bars) {

        static final int WIDTH = 600;
        static final int HEIGHT = 260;
        static final int TOP = 24;
        static final int BOTTOM = 40;

        record Bar(String label, String amount, int x, int y, int barWidth, int barHeight) {

            public int labelX() {
                return x + barWidth / 2;
            }
        }

        static Chart of(Aging aging) {
            List<Money> buckets = aging.total().buckets();
            Money largest = buckets.stream().max(Money::compareTo).orElseThrow();
            int slot = WIDTH / buckets.size();
            int plot = HEIGHT - TOP - BOTTOM;
            List<Bar> bars = new ArrayList<>();
            for (int i = 0; i < buckets.size(); i++) {
                Money m = buckets.get(i);
                int h = largest.isPositive()
                        ? m.amount()
                                .multiply(java.math.BigDecimal.valueOf(plot))
                                .divide(largest.amount(), 0, java.math.RoundingMode.HALF_UP)
                                .intValue()
                        : 0;
                // the currency is in the caption: the bar shows the figure alone, so it stays legible on a phone
                String figure =
                        m.display().substring(m.currency().getCurrencyCode().length() + 1);
                bars.add(new Bar(aging.labels().get(i), figure, i * slot + slot / 8, TOP + plot - h, slot * 3 / 4, h));
            }
            return new Chart(WIDTH, HEIGHT, bars);
        }
    }

    record Period(LocalDate from, LocalDate to) {}

    /** The period asked for; by default the current month up to today. */
    private Period period(String from, String to) {
        LocalDate today = LocalDate.now(clock);
        LocalDate end = date("to", to, today);
        LocalDate start = date("from", from, end.withDayOfMonth(1));
        Validation v = new Validation();
        v.require(!start.isAfter(end), "from", start, "is after the end of the period (" + end + ")");
        v.throwIfAny();
        return new Period(start, end);
    }

    private static LocalDate date(String field, String value, LocalDate otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw FactorlineException.invalid(field, value, "is not a date like 2026-03-31");
        }
    }

    private static Aging.Basis basis(String value) {
        if (value == null || value.isBlank()) {
            return Aging.Basis.DUE_DATE;
        }
        try {
            return Aging.Basis.valueOf(value.strip());
        } catch (IllegalArgumentException e) {
            throw FactorlineException.invalid("basis", value, "is DUE_DATE or INVOICE_DATE");
        }
    }

    private Currency currency(UUID client) {
        return clients.agreementInForce(new ClientId(client), LocalDate.now(clock))
                .map(a -> a.terms().currency())
                .orElse(Money.USD);
    }

    /** For downloads: what is not the client's is not found; bad input is a 400 that names the field. */
    private static <T> T found(Supplier<T> read) {
        try {
            return read.get();
        } catch (FactorlineException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    e.problems().isEmpty()
                            ? e.getMessage()
                            : e.problems().stream()
                                    .map(f -> f.field() + " = " + f.value() + ": " + f.message())
                                    .collect(java.util.stream.Collectors.joining("; ")));
        }
    }

    private static UUID client() {
        return CurrentActor.get().clientScope().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private static ResponseEntity<byte[]> download(MediaType type, String fileName, byte[] body) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName, StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(body);
    }
}
