package org.factorline.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.factorline.funding.Funding;
import org.factorline.funding.FundingStatus;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.Invoices;
import org.factorline.outreach.Outreach;
import org.factorline.payouts.PayoutFileStatus;
import org.factorline.payouts.PayoutStatus;
import org.factorline.payouts.Payouts;
import org.factorline.receipts.Receipts;
import org.factorline.reports.ReportInfo;
import org.factorline.reports.ReportTable;
import org.factorline.reports.Reports;
import org.factorline.shared.FactorlineException;
import org.factorline.shared.Money;
import org.springframework.stereotype.Component;

/**
 * The staff dashboard's figures and queues. Every figure of the book is read from a report's totals (the same
 * report, with the same date, shows the same number); the weekly points behind the trends are the same
 * reports run as of earlier dates. Queue counts are the modules' capped {@code count(*)}s: "999+" rather than
 * a count of the whole book.
 */
@Component
class StaffDashboard {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StaffDashboard.class);

    /** A queue longer than this shows as "999+" ({@code factorline.dashboard.queue-cap}). */
    static final int CAP = 999;

    private final int cap;

    /** Weekly points in a sparkline: today and the seven weeks before. */
    static final int WEEKS = 8;

    /** The aging buckets the past-due figures use (by due date). */
    static final String BUCKETS = "30,60,90";

    private final Reports reports;
    private final Invoices invoices;
    private final Funding funding;
    private final Payouts payouts;
    private final Receipts receipts;
    private final Outreach outreach;
    private final Clock clock;

    StaffDashboard(
            Reports reports,
            Invoices invoices,
            Funding funding,
            Payouts payouts,
            Receipts receipts,
            Outreach outreach,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${factorline.dashboard.queue-cap:" + CAP + "}")
                    int cap) {
        this.cap = cap;
        this.reports = reports;
        this.invoices = invoices;
        this.funding = funding;
        this.payouts = payouts;
        this.receipts = receipts;
        this.outreach = outreach;
        this.clock = clock;
    }

    /**
     * The page: today's queues, and the groups of key figures the page loads after it ({@link #figures}), each
     * from its own address so that no one group waits for another.
     */
    record Dashboard(LocalDate asOf, String currency, List<String> groups, List<Queue> queues) {}

    /** The groups of key figures, in the page's order: each is loaded by the page after it shows. */
    static final List<String> GROUPS = List.of("book", "fees", "dso", "disputes");

    /**
     * One key figure: its value today, how it compares with earlier points, and (for the book's figures) a
     * sparkline of the weekly points.
     */
    record Figure(
            String id, String label, String value, String detail, List<Change> changes, Sparkline spark, String href) {}

    /** The figure now against the figure at an earlier point: "up", "down" or "same", and by how much. */
    record Change(String against, String direction, String text) {

        public String arrow() {
            return switch (direction) {
                case "up" -> "▲";
                case "down" -> "▼";
                default -> "=";
            };
        }
    }

    /** A line through the weekly points, drawn on the server; {@code text} reads the points out. */
    record Sparkline(int width, int height, String points, int lastX, int lastY, String text) {

        static final int W = 120;
        static final int H = 32;
        static final int PAD = 3;

        static Sparkline of(String label, List<LocalDate> dates, List<BigDecimal> values, List<String> texts) {
            BigDecimal min = values.stream().min(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
            BigDecimal max = values.stream().max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
            BigDecimal range = max.subtract(min);
            StringBuilder points = new StringBuilder();
            int x = 0;
            int y = 0;
            int n = values.size();
            for (int i = 0; i < n; i++) {
                x = PAD + (n == 1 ? 0 : i * (W - 2 * PAD) / (n - 1));
                y = range.signum() == 0
                        ? H / 2
                        : H
                                - PAD
                                - values.get(i)
                                        .subtract(min)
                                        .multiply(BigDecimal.valueOf(H - 2L * PAD))
                                        .divide(range, 0, RoundingMode.HALF_UP)
                                        .intValue();
                points.append(i == 0 ? "" : " ").append(x).append(',').append(y);
            }
            StringBuilder text =
                    new StringBuilder(label + ", weekly from " + dates.get(0) + " to " + dates.get(n - 1) + ": ");
            for (int i = 0; i < n; i++) {
                text.append(i == 0 ? "" : ", ").append(texts.get(i));
            }
            return new Sparkline(W, H, points.toString(), x, y, text.toString());
        }
    }

    /** Work waiting: how much, and the page where it is done. */
    record Queue(String id, String label, String count, boolean empty, String href, String hint) {}

    Dashboard build(String currencyCode) {
        LocalDate today = LocalDate.now(clock);
        String code = currency(currencyCode).getCurrencyCode();
        return new Dashboard(today, code, GROUPS, queues(today));
    }

    /**
     * One group of key figures for today ({@link #GROUPS}): {@code book} (funds employed, availability, the open
     * book and past due, with their weekly trend), {@code fees} (fees this month and cash this week), {@code dso},
     * {@code disputes}. An unknown group is not found.
     */
    List<Figure> figures(String group, String currencyCode) {
        LocalDate today = LocalDate.now(clock);
        Currency currency = currency(currencyCode);
        String code = currency.getCurrencyCode();
        return switch (group == null ? "" : group) {
            case "book" -> bookFigures(today, code);
            case "fees" -> List.of(fees(today, code), cash(today, currency));
            case "dso" -> dso(today, code);
            case "disputes" ->
                List.of(new Figure(
                        "fig-disputes",
                        "Disputed invoices",
                        count(invoices.countDisputed(cap)),
                        "Open invoices the debtor disputes, as they stand now",
                        List.of(),
                        null,
                        "/staff/outreach"));
            default -> throw FactorlineException.notFound("figures", group);
        };
    }

    private static Currency currency(String code) {
        if (code == null || code.isBlank()) {
            return Money.USD;
        }
        try {
            return Currency.getInstance(code.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw FactorlineException.invalid("currency", code, "is not an ISO 4217 currency code");
        }
    }

    // ---- the book: funds employed, availability, open book and past due, weekly ----

    /** One date's figures of the book, each straight from a report's totals row. */
    record Point(LocalDate date, Money employed, Money available, Money open, BigDecimal[] pastDue) {}

    Point point(LocalDate date, String currency) {
        ReportTable employed = reports.run("funds-employed", Map.of("asOf", date.toString(), "currency", currency));
        ReportTable aging = reports.run(
                "aging", Map.of("asOf", date.toString(), "currency", currency, "basis", "DUE", "buckets", BUCKETS));
        Money open = (Money) aging.totals().get("open_balance");
        // buckets by due date: current, 1–30, 31–60, 61–90, over 90
        Money[] b = new Money[5];
        for (int k = 0; k < b.length; k++) {
            b[k] = (Money) aging.totals().get("bucket_" + k);
        }
        Money over30 = b[2].plus(b[3]).plus(b[4]);
        Money over60 = b[3].plus(b[4]);
        return new Point(
                date,
                (Money) employed.totals().get("funds_employed"),
                (Money) employed.totals().get("available"),
                open,
                new BigDecimal[] {percent(over30, open), percent(over60, open), percent(b[4], open)});
    }

    /** How long an earlier week's point is kept before it is read again (a late value date can still move it). */
    static final java.time.Duration PAST_POINTS_KEPT = java.time.Duration.ofMinutes(15);

    /** A kept figure, how to read it again, and when a visit last asked for it. */
    private record Kept(
            Object value, java.time.Instant until, java.util.function.Supplier<?> read, java.time.Instant asked) {}

    /** How long a kept figure nobody asks for is still read ahead ({@link #readAhead}) before it is dropped. */
    static final java.time.Duration READ_AHEAD_WHILE_ASKED = java.time.Duration.ofHours(1);

    private final java.util.concurrent.ConcurrentHashMap<String, Kept> kept =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * An earlier week's point, kept for {@link #PAST_POINTS_KEPT}: over a large book each point is two report
     * runs, so the seven earlier ones are read once per quarter hour, not on every visit; today's is always read.
     */
    Point pastPoint(LocalDate date, String currency) {
        return kept("point|" + date + "|" + currency, () -> point(date, currency));
    }

    /** A figure about the past (an earlier week, last month), read at most once per {@link #PAST_POINTS_KEPT}. */
    @SuppressWarnings("unchecked")
    <T> T kept(String key, java.util.function.Supplier<T> read) {
        java.time.Instant now = clock.instant();
        Kept k = kept.get(key);
        if (k != null && now.isBefore(k.until())) {
            kept.put(key, new Kept(k.value(), k.until(), k.read(), now));
            return (T) k.value();
        }
        T value = read.get();
        if (kept.size() > 1000) {
            kept.clear();
        }
        kept.put(key, new Kept(value, now.plus(PAST_POINTS_KEPT), read, now));
        return value;
    }

    /**
     * Reads again, ahead of visits, every kept figure a visit asked for within {@link #READ_AHEAD_WHILE_ASKED}, and
     * drops the others; the first time (after start-up), reads every group's figures in the default currency, as
     * a first visit would. So an instance nobody visits reads nothing after the first hour. Run every few minutes ({@link DashboardReadAhead}), shorter than
     * {@link #PAST_POINTS_KEPT}, a visit then finds the earlier weeks kept and reads only today's figures. As the
     * system (the reports need a staff actor); a visit that comes meanwhile reads what is kept or, if nothing is,
     * reads it itself.
     */
    void readAhead() {
        org.factorline.identity.CurrentActor.runAs(org.factorline.identity.Actor.system(), () -> {
            java.time.Instant now = clock.instant();
            kept.entrySet().removeIf(e -> e.getValue().asked().isBefore(now.minus(READ_AHEAD_WHILE_ASKED)));
            for (Map.Entry<String, Kept> e : List.copyOf(kept.entrySet())) {
                Object value = e.getValue().read().get();
                kept.put(
                        e.getKey(),
                        new Kept(
                                value,
                                now.plus(PAST_POINTS_KEPT),
                                e.getValue().read(),
                                e.getValue().asked()));
            }
            if (!primed) {
                primed = true;
                for (String group : GROUPS) {
                    figures(group, null);
                }
            }
            return null;
        });
    }

    private volatile boolean primed;

    /** How many figures are kept (for the read-ahead's test). */
    int keptCount() {
        return kept.size();
    }

    private static BigDecimal percent(Money part, Money whole) {
        if (whole.amount().signum() == 0) {
            return BigDecimal.ZERO.setScale(1);
        }
        return part.amount().multiply(BigDecimal.valueOf(100)).divide(whole.amount(), 1, RoundingMode.HALF_UP);
    }

    private List<Figure> bookFigures(LocalDate today, String currency) {
        List<LocalDate> dates = new ArrayList<>();
        for (int k = WEEKS - 1; k >= 0; k--) {
            dates.add(today.minusWeeks(k));
        }
        List<Point> points = dates.stream()
                .map(d -> d.equals(today) ? point(d, currency) : pastPoint(d, currency))
                .toList();
        Point now = points.get(WEEKS - 1);
        Point weekAgo = points.get(WEEKS - 2);
        Point fourWeeksAgo = points.get(WEEKS - 5);
        String asOf = "?asOf=" + today + "&currency=" + currency;
        Point[] earlier = {weekAgo, fourWeeksAgo};
        String[] against = {"1 week ago", "4 weeks ago"};

        List<Figure> out = new ArrayList<>();
        out.add(moneyFigure(
                "fig-funds-employed",
                "Funds employed",
                "Advances outstanding on bought invoices",
                points,
                Point::employed,
                earlier,
                against,
                "/staff/reports/funds-employed" + asOf));
        out.add(moneyFigure(
                "fig-availability",
                "Availability",
                "Left to draw under the clients' facility limits",
                points,
                Point::available,
                earlier,
                against,
                "/staff/reports/funds-employed" + asOf));
        out.add(moneyFigure(
                "fig-open-book",
                "Open purchased book",
                "Open balance of bought invoices",
                points,
                Point::open,
                earlier,
                against,
                "/staff/reports/aging" + asOf));
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < earlier.length; i++) {
            changes.add(percentChange(against[i], now.pastDue()[0], earlier[i].pastDue()[0]));
        }
        out.add(new Figure(
                "fig-past-due",
                "Past due over 30 days",
                now.pastDue()[0] + " %",
                "Share of the open book by due date; over 60: " + now.pastDue()[1] + " %, over 90: " + now.pastDue()[2]
                        + " %",
                changes,
                Sparkline.of(
                        "Past due over 30 days",
                        dates,
                        points.stream().map(p -> p.pastDue()[0]).toList(),
                        points.stream().map(p -> p.pastDue()[0] + " %").toList()),
                "/staff/reports/aging" + asOf + "&buckets=" + BUCKETS));
        return out;
    }

    private static Figure moneyFigure(
            String id,
            String label,
            String detail,
            List<Point> points,
            java.util.function.Function<Point, Money> value,
            Point[] earlier,
            String[] against,
            String href) {
        Money now = value.apply(points.get(points.size() - 1));
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < earlier.length; i++) {
            changes.add(moneyChange(against[i], now, value.apply(earlier[i])));
        }
        return new Figure(
                id,
                label,
                now.display(),
                detail,
                changes,
                Sparkline.of(
                        label,
                        points.stream().map(Point::date).toList(),
                        points.stream().map(p -> value.apply(p).amount()).toList(),
                        points.stream().map(p -> value.apply(p).display()).toList()),
                href);
    }

    static Change moneyChange(String against, Money now, Money then) {
        Money diff = now.minus(then);
        String direction = diff.isPositive() ? "up" : diff.isNegative() ? "down" : "same";
        String sign = diff.isPositive() ? "+" : diff.isNegative() ? "−" : "±";
        return new Change(
                against,
                direction,
                sign + (diff.isNegative() ? diff.negate() : diff).display() + " vs " + against + " (" + then.display()
                        + ")");
    }

    static Change percentChange(String against, BigDecimal now, BigDecimal then) {
        BigDecimal diff = now.subtract(then);
        String direction = diff.signum() > 0 ? "up" : diff.signum() < 0 ? "down" : "same";
        String sign = diff.signum() > 0 ? "+" : diff.signum() < 0 ? "−" : "±";
        return new Change(against, direction, sign + diff.abs() + " points vs " + against + " (" + then + " %)");
    }

    // ---- fees this month, cash this week, DSO ----

    private Figure fees(LocalDate today, String currency) {
        LocalDate from = today.withDayOfMonth(1);
        LocalDate lastFrom = from.minusMonths(1);
        LocalDate lastTo = today.minusMonths(1);
        Money now = feesBetween(from, today, currency);
        Money then =
                kept("fees|" + lastFrom + "|" + lastTo + "|" + currency, () -> feesBetween(lastFrom, lastTo, currency));
        return new Figure(
                "fig-fees",
                "Fees earned this month",
                now.display(),
                "From " + from + " to " + today,
                List.of(moneyChange("the same days last month", now, then)),
                null,
                "/staff/reports/fees?from=" + from + "&to=" + today + "&currency=" + currency);
    }

    Money feesBetween(LocalDate from, LocalDate to, String currency) {
        return (Money) reports.run("fees", Map.of("from", from.toString(), "to", to.toString(), "currency", currency))
                .totals()
                .get("fees");
    }

    private Figure cash(LocalDate today, Currency currency) {
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        Money now = receipts.receivedBetween(monday, today, currency);
        Money then = kept(
                "cash|" + monday.minusWeeks(1) + "|" + today.minusWeeks(1) + "|" + currency,
                () -> receipts.receivedBetween(monday.minusWeeks(1), today.minusWeeks(1), currency));
        return new Figure(
                "fig-cash",
                "Cash received this week",
                now.display(),
                "Payments with a value date from " + monday + " to " + today,
                List.of(moneyChange("the same days last week", now, then)),
                null,
                "/staff/cash");
    }

    /**
     * Days sales outstanding, when the catalogue has a "dso" report: the total of its column named DSO (or its
     * first numeric column), today and four weeks ago. Without the report the figure is left out.
     */
    private List<Figure> dso(LocalDate today, String currency) {
        boolean present = reports.catalogue().stream().map(ReportInfo::name).anyMatch("dso"::equals);
        if (!present) {
            return List.of();
        }
        try {
            ReportTable now = reports.run("dso", Map.of("asOf", today.toString(), "currency", currency));
            ReportTable then = kept(
                    "dso|" + today.minusWeeks(4) + "|" + currency,
                    () -> reports.run("dso", Map.of("asOf", today.minusWeeks(4).toString(), "currency", currency)));
            ReportTable.Column column = now.columns().stream()
                    .filter(c -> c.key().toLowerCase(Locale.ROOT).contains("dso")
                            || c.label().toUpperCase(Locale.ROOT).contains("DSO"))
                    .filter(ReportTable.Column::numeric)
                    .findFirst()
                    .or(() -> now.columns().stream()
                            .filter(ReportTable.Column::numeric)
                            .findFirst())
                    .orElse(null);
            if (column == null || now.totals().get(column.key()) == null) {
                return List.of();
            }
            String value = now.text(now.totals(), column);
            List<Change> changes = new ArrayList<>();
            if (now.totals().get(column.key()) instanceof BigDecimal a
                    && then.totals().get(column.key()) instanceof BigDecimal b) {
                BigDecimal diff = a.subtract(b);
                changes.add(new Change(
                        "4 weeks ago",
                        diff.signum() > 0 ? "up" : diff.signum() < 0 ? "down" : "same",
                        (diff.signum() > 0 ? "+" : diff.signum() < 0 ? "−" : "±") + diff.abs() + " vs 4 weeks ago ("
                                + b.toPlainString() + ")"));
            }
            return List.of(new Figure(
                    "fig-dso",
                    "DSO",
                    value,
                    column.label(),
                    changes,
                    null,
                    "/staff/reports/dso?asOf=" + today + "&currency=" + currency));
        } catch (RuntimeException e) {
            // a report of another shape than expected leaves the figure out rather than the page
            log.warn("The dso report could not be read for the dashboard: {}", e.toString());
            return List.of();
        }
    }

    // ---- today's queues ----

    private List<Queue> queues(LocalDate today) {
        Map<String, Queue> out = new LinkedHashMap<>();
        queue(
                out,
                "q-verify",
                "Invoices to verify",
                () -> invoices.countAwaitingVerification(cap),
                "/staff/outreach",
                "Not yet bought; the debtor has still to confirm them");
        queue(
                out,
                "q-approve",
                "Invoices to approve",
                () -> invoices.countInStatus(InvoiceStatus.SUBMITTED, cap),
                "/staff/invoices?status=SUBMITTED",
                "Submitted by clients");
        queue(
                out,
                "q-funding-approve",
                "Funding requests to approve",
                () -> funding.count(FundingStatus.REQUESTED, cap),
                "/staff/funding",
                "Requested, waiting for an approver");
        queue(
                out,
                "q-funding-second",
                "Funding requests for a second approver",
                () -> funding.count(FundingStatus.AWAITING_SECOND_APPROVAL, cap),
                "/staff/funding",
                "Above the four-eyes amount: a second person funds them");
        queue(
                out,
                "q-payouts-release",
                "Payouts to release",
                () -> payouts.count(PayoutStatus.PENDING, cap),
                "/staff/payouts?status=PENDING",
                "A second person releases them into a bank file");
        queue(
                out,
                "q-payout-files",
                "Bank files to upload",
                () -> payouts.countFiles(PayoutFileStatus.RELEASED, cap),
                "/staff/payouts",
                "Released, not yet marked sent");
        queue(
                out,
                "q-cash",
                "Payments to apply",
                () -> receipts.countUnplaced(cap),
                "/staff/cash",
                "Unapplied or partly applied cash");
        queue(
                out,
                "q-tasks",
                "Follow-ups due",
                () -> outreach.countTasksDue(today, cap),
                "/staff/outreach",
                "Debtor-contact tasks due today or earlier");
        queue(
                out,
                "q-recourse",
                "Recourse requests",
                () -> outreach.countOpenRecourseRequests(cap),
                "/staff/outreach",
                "Clients paying or replacing an invoice near its recourse date");
        queue(
                out,
                "q-undelivered",
                "Messages not delivered",
                () -> outreach.countUndelivered(cap),
                "/staff/outreach/outbox?status=FAILED",
                "Failed or bounced debtor contact");
        return List.copyOf(out.values());
    }

    private void queue(
            Map<String, Queue> out, String id, String label, Supplier<Long> count, String href, String hint) {
        long n = count.get();
        out.put(id, new Queue(id, label, count(n), n == 0, href, hint));
    }

    String count(long n) {
        return n > cap ? cap + "+" : Long.toString(n);
    }
}
