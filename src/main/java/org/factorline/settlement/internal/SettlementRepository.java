package org.factorline.settlement.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.factorline.invoices.InvoiceId;
import org.factorline.settlement.CloseOut;
import org.factorline.settlement.SettlementRun;
import org.factorline.shared.BulkLoad;
import org.factorline.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class SettlementRepository {

    private final JdbcClient jdbc;
    private final BulkLoad bulk;

    public SettlementRepository(JdbcClient jdbc, BulkLoad bulk) {
        this.jdbc = jdbc;
        this.bulk = bulk;
    }

    public String nextReference(int year) {
        long n = jdbc.sql("select nextval('settlement_run_reference_seq')")
                .query(Long.class)
                .single();
        return String.format("SR-%d-%06d", year, n);
    }

    public void insertChargeback(org.factorline.settlement.Chargeback c, UUID entryId, String by, Instant at) {
        jdbc.sql(INSERT_CHARGEBACK).params(chargebackRow(c, entryId, by, at)).update();
    }

    /**
     * {@link #insertChargeback} for many charge-backs at once (one bulk load): each with its entry, by the
     * same index.
     */
    public void insertChargebacks(
            List<org.factorline.settlement.Chargeback> cs, List<UUID> entryIds, String by, Instant at) {
        List<Object[]> out = new java.util.ArrayList<>(cs.size());
        for (int i = 0; i < cs.size(); i++) {
            out.add(chargebackRow(cs.get(i), entryIds.get(i), by, at));
        }
        bulk.load("invoice_chargeback", CHARGEBACK_COLUMNS, out);
    }

    /** The columns of a charge-back row, in the order {@link #chargebackRow} gives their values. */
    private static final List<String> CHARGEBACK_COLUMNS = List.of(
            "invoice_id",
            "client_id",
            "recourse_date",
            "charged_on",
            "advance_unrecovered",
            "fee",
            "amount",
            "currency",
            "journal_entry_id",
            "created_by",
            "created_at");

    private static final String INSERT_CHARGEBACK = insertInto("invoice_chargeback", CHARGEBACK_COLUMNS);

    /**
     * A charge-back as the values of its row (see {@link #CHARGEBACK_COLUMNS}), for {@link #insertChargeback}
     * and {@link #insertChargebacks} alike: a column added is then written by both.
     */
    private static Object[] chargebackRow(org.factorline.settlement.Chargeback c, UUID entryId, String by, Instant at) {
        return new Object[] {
            c.invoiceId().value(),
            c.clientId(),
            c.recourseDate(),
            c.chargedOn(),
            c.advanceUnrecovered().amount(),
            c.fee().amount(),
            c.amount().amount(),
            c.amount().currency().getCurrencyCode(),
            entryId,
            by,
            ts(at)
        };
    }

    /** Which of these invoices are already charged back ({@link #findChargeback} for many). */
    public java.util.Set<UUID> chargedBackAmong(List<UUID> ids) {
        java.util.Set<UUID> out = new java.util.HashSet<>();
        for (int i = 0; i < ids.size(); i += 1_000) {
            out.addAll(jdbc.sql("select invoice_id from invoice_chargeback where invoice_id in (:ids)")
                    .param("ids", ids.subList(i, Math.min(ids.size(), i + 1_000)))
                    .query(UUID.class)
                    .list());
        }
        return out;
    }

    public Optional<UUID> findChargeback(InvoiceId id) {
        return jdbc.sql("select invoice_id from invoice_chargeback where invoice_id = ?")
                .param(id.value())
                .query(UUID.class)
                .optional();
    }

    public void insertCloseOut(CloseOut c, UUID entryId, Instant at) {
        jdbc.sql(INSERT_CLOSE_OUT).params(closeOutRow(c, entryId, at)).update();
    }

    /** The columns of a close-out row, in the order {@link #closeOutRow} gives their values. */
    private static final List<String> CLOSE_OUT_COLUMNS = List.of(
            "invoice_id",
            "client_id",
            "closed_on",
            "funding_date",
            "face_amount",
            "advance_amount",
            "collected",
            "deductions",
            "fee",
            "days_charged",
            "rebate",
            "currency",
            "journal_entry_id",
            "created_at");

    private static final String INSERT_CLOSE_OUT = insertInto("invoice_settlement", CLOSE_OUT_COLUMNS);

    /**
     * A close-out as the values of its row (see {@link #CLOSE_OUT_COLUMNS}), for {@link #insertCloseOut} and
     * {@link #insertCloseOuts} alike: a column added is then written by both.
     */
    public static Object[] closeOutRow(CloseOut c, UUID entryId, Instant at) {
        return new Object[] {
            c.invoiceId().value(),
            c.clientId(),
            c.closedOn(),
            c.fundingDate(),
            c.face().amount(),
            c.advance().amount(),
            c.collected().amount(),
            c.deductions().amount(),
            c.fee().amount(),
            c.daysCharged(),
            c.rebate().amount(),
            c.face().currency().getCurrencyCode(),
            entryId,
            ts(at)
        };
    }

    /** Many close-outs at once (rows from {@link #closeOutRow}): COPY on PostgreSQL, a batch elsewhere. */
    public void insertCloseOuts(List<Object[]> rows) {
        bulk.load("invoice_settlement", CLOSE_OUT_COLUMNS, rows);
    }

    /** Which of these invoices are closed out already (asked a thousand at a time). */
    public java.util.Set<InvoiceId> closedOutAmong(List<InvoiceId> ids) {
        java.util.Set<InvoiceId> out = new java.util.HashSet<>();
        for (int i = 0; i < ids.size(); i += 1_000) {
            List<UUID> part = ids.subList(i, Math.min(ids.size(), i + 1_000)).stream()
                    .map(InvoiceId::value)
                    .toList();
            jdbc.sql("select invoice_id from invoice_settlement where invoice_id in (:ids)")
                    .param("ids", part)
                    .query(UUID.class)
                    .list()
                    .forEach(id -> out.add(new InvoiceId(id)));
        }
        return out;
    }

    public Optional<CloseOut> find(InvoiceId id) {
        return jdbc.sql("select * from invoice_settlement where invoice_id = ?")
                .param(id.value())
                .query(SettlementRepository::map)
                .optional();
    }

    /** Rebates closed out and not yet paid, per client, in the currency. */
    public Map<UUID, Object[]> unpaidRebates(String currency) {
        Map<UUID, Object[]> out = new LinkedHashMap<>();
        jdbc.sql("""
                        select client_id, sum(rebate) as rebates, count(*) as invoices from invoice_settlement
                        where settlement_run_id is null and currency = ? and rebate > 0
                        group by client_id order by client_id""").param(currency).query(rs -> {
            out.put(
                    rs.getObject("client_id", UUID.class),
                    new Object[] {rs.getBigDecimal("rebates"), rs.getInt("invoices")});
        });
        return out;
    }

    /** One client's rebates closed out and not yet paid in a run, in the currency: total and invoice count. */
    public Object[] unpaidRebatesOf(UUID clientId, String currency) {
        return jdbc.sql("""
                        select coalesce(sum(rebate), 0) as rebates, count(*) as invoices from invoice_settlement
                        where client_id = ? and settlement_run_id is null and currency = ? and rebate > 0""")
                .params(clientId, currency)
                .query((rs, n) -> new Object[] {rs.getBigDecimal("rebates"), rs.getInt("invoices")})
                .single();
    }

    /**
     * One client's bought, unpaid invoices on a recourse agreement that are not charged back yet, with their
     * funding date and the agreement's recourse days (a read-only join over the invoices, funding and
     * clients tables, so the recourse dates of a whole book are one query).
     */
    /**
     * Open bought invoices on recourse agreements, not charged back, whose recourse date (funding date plus the
     * agreement's recourse days, less one) falls from {@code from} to {@code to} inclusive ({@code from} may be
     * null: no lower bound), soonest first, at most {@code limit}: invoice id and recourse date. One query per
     * distinct number of recourse days among the agreements (a handful), each a date range on the purchase day,
     * so the whole book is searched however many invoices are open.
     */
    public List<Map.Entry<UUID, LocalDate>> recourseDue(LocalDate from, LocalDate to, int limit) {
        List<Integer> terms = jdbc.sql("""
                        select distinct recourse_days from agreement
                        where recourse = true and recourse_days is not null order by recourse_days""").query(Integer.class).list();
        List<Map.Entry<UUID, LocalDate>> out = new java.util.ArrayList<>();
        for (int days : terms) {
            LocalDate lo = from == null ? null : from.minusDays(days - 1L);
            LocalDate hi = to.minusDays(days - 1L);
            jdbc.sql("""
                            select f.invoice_id, f.funding_date from funded_invoice f
                            join invoice i on i.id = f.invoice_id
                            join agreement a on a.id = i.agreement_id
                            where a.recourse = true and a.recourse_days = :days
                              and i.status in ('FUNDED', 'PARTIALLY_PAID')
                              and f.closed_on is null and f.charged_on is null
                              and f.funding_date <= :hi
                              and (cast(:lo as date) is null or f.funding_date >= :lo)
                              and not exists (select 1 from invoice_chargeback c where c.invoice_id = f.invoice_id)
                            order by f.funding_date, f.invoice_id
                            limit :limit""")
                    .param("days", days)
                    .param("hi", hi)
                    .param("lo", lo)
                    .param("limit", limit)
                    .query(rs -> {
                        out.add(Map.entry(
                                rs.getObject("invoice_id", UUID.class),
                                rs.getObject("funding_date", LocalDate.class).plusDays(days - 1L)));
                    });
        }
        out.sort(Map.Entry.<UUID, LocalDate>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    public Map<UUID, LocalDate[]> recourseCandidates(UUID clientId) {
        Map<UUID, LocalDate[]> out = new LinkedHashMap<>();
        jdbc.sql("""
                        select i.id, f.funding_date, a.recourse_days from invoice i
                        join funded_invoice f on f.invoice_id = i.id
                        join agreement a on a.id = i.agreement_id
                        left join invoice_chargeback c on c.invoice_id = i.id
                        where i.client_id = ? and i.status in ('FUNDED', 'PARTIALLY_PAID')
                          and a.recourse = true and a.recourse_days is not null and c.invoice_id is null
                        order by f.funding_date, i.id""").param(clientId).query(rs -> {
            LocalDate funded = rs.getObject("funding_date", LocalDate.class);
            out.put(
                    rs.getObject("id", UUID.class),
                    new LocalDate[] {funded, funded.plusDays(rs.getInt("recourse_days") - 1L)});
        });
        return out;
    }

    public List<String> currenciesWithUnpaidRebates() {
        return jdbc
                .sql("select distinct currency from invoice_settlement where settlement_run_id is null and rebate > 0")
                .query(String.class)
                .list()
                .stream()
                .map(String::trim)
                .toList();
    }

    public void insertRun(SettlementRun r, String currency) {
        jdbc.sql("""
                        insert into settlement_run (id, reference, run_date, created_by, created_at, currency,
                            rebate_total, net_total)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        r.id(),
                        r.reference(),
                        r.runDate(),
                        r.createdBy(),
                        ts(r.createdAt()),
                        currency,
                        r.rebateTotal().amount(),
                        r.netTotal().amount())
                .update();
    }

    public void updateTotals(UUID runId, Money rebates, Money net) {
        jdbc.sql("update settlement_run set rebate_total = ?, net_total = ? where id = ?")
                .params(rebates.amount(), net.amount(), runId)
                .update();
    }

    public void insertLine(UUID runId, SettlementRun.Line l) {
        jdbc.sql("""
                        insert into settlement_line (run_id, client_id, rebates, netted, net, invoices, payout_id)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        runId,
                        l.clientId(),
                        l.rebates().amount(),
                        l.netted().amount(),
                        l.net().amount(),
                        l.invoices(),
                        l.payoutId())
                .update();
    }

    /** Claims the client's unpaid close-outs for the run; returns how many. */
    public int claim(UUID runId, UUID clientId, String currency) {
        return jdbc.sql("""
                        update invoice_settlement set settlement_run_id = ?
                        where client_id = ? and currency = ? and settlement_run_id is null and rebate > 0""").params(runId, clientId, currency).update();
    }

    public Optional<SettlementRun> findRun(UUID id) {
        return jdbc.sql("select * from settlement_run where id = ?")
                .param(id)
                .query((rs, n) -> {
                    Currency c = Currency.getInstance(rs.getString("currency").trim());
                    return new SettlementRun(
                            rs.getObject("id", UUID.class),
                            rs.getString("reference"),
                            rs.getObject("run_date", LocalDate.class),
                            rs.getString("created_by"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            Money.of(rs.getBigDecimal("rebate_total"), c),
                            Money.of(rs.getBigDecimal("net_total"), c),
                            lines(id, c));
                })
                .optional();
    }

    /** Every run with a line for the client, newest first, summed with its close-outs in one query. */
    public List<org.factorline.settlement.ClientStatement> statementsOfClient(UUID clientId) {
        return jdbc.sql("""
                        select r.id, r.reference, r.run_date, r.currency, l.rebates as gross, l.netted, l.net,
                               l.invoices, s.period_from, s.period_to,
                               coalesce(s.collected, 0) as collected, coalesce(s.fees, 0) as fees,
                               coalesce(s.rebates, 0) as rebates
                        from settlement_line l
                        join settlement_run r on r.id = l.run_id
                        left join (
                            select settlement_run_id, min(closed_on) as period_from, max(closed_on) as period_to,
                                   sum(collected) as collected, sum(fee) as fees,
                                   sum(case when rebate > 0 then rebate else 0 end) as rebates
                            from invoice_settlement
                            where client_id = ? and settlement_run_id is not null
                            group by settlement_run_id
                        ) s on s.settlement_run_id = l.run_id
                        where l.client_id = ?
                        order by r.run_date desc, r.id desc""")
                .params(clientId, clientId)
                .query((rs, n) -> {
                    Currency c = Currency.getInstance(rs.getString("currency").trim());
                    Money rebates = Money.of(rs.getBigDecimal("rebates"), c);
                    return new org.factorline.settlement.ClientStatement(
                            rs.getObject("id", UUID.class),
                            rs.getString("reference"),
                            rs.getObject("run_date", LocalDate.class),
                            rs.getObject("period_from", LocalDate.class),
                            rs.getObject("period_to", LocalDate.class),
                            rs.getInt("invoices"),
                            Money.of(rs.getBigDecimal("collected"), c),
                            Money.of(rs.getBigDecimal("fees"), c),
                            rebates,
                            Money.of(rs.getBigDecimal("gross"), c).minus(rebates),
                            Money.of(rs.getBigDecimal("netted"), c),
                            Money.of(rs.getBigDecimal("net"), c));
                })
                .list();
    }

    public List<UUID> runIds(int limit) {
        return jdbc.sql("select id from settlement_run order by id desc limit ?")
                .param(limit)
                .query(UUID.class)
                .list();
    }

    private List<SettlementRun.Line> lines(UUID runId, Currency c) {
        return jdbc.sql("select * from settlement_line where run_id = ? order by client_id")
                .param(runId)
                .query((rs, n) -> new SettlementRun.Line(
                        rs.getObject("client_id", UUID.class),
                        Money.of(rs.getBigDecimal("rebates"), c),
                        Money.of(rs.getBigDecimal("netted"), c),
                        Money.of(rs.getBigDecimal("net"), c),
                        rs.getInt("invoices"),
                        rs.getObject("payout_id", UUID.class)))
                .list();
    }

    public List<CloseOut> closeOutsOfRun(UUID runId) {
        return jdbc.sql("select * from invoice_settlement where settlement_run_id = ? order by client_id, closed_on")
                .param(runId)
                .query(SettlementRepository::map)
                .list();
    }

    /** Per client: rebates closed out and not yet in a run — what rebates payable must hold. */
    public Map<UUID, BigDecimal> unpaidRebatesByClient(String currency) {
        Map<UUID, BigDecimal> out = new LinkedHashMap<>();
        for (Map.Entry<UUID, Object[]> e : unpaidRebates(currency).entrySet()) {
            out.put(e.getKey(), (BigDecimal) e.getValue()[0]);
        }
        return out;
    }

    public List<String> currencies() {
        return jdbc.sql("select distinct currency from invoice_settlement").query(String.class).list().stream()
                .map(String::trim)
                .toList();
    }

    private static CloseOut map(ResultSet rs, int n) throws SQLException {
        Currency c = Currency.getInstance(rs.getString("currency").trim());
        return new CloseOut(
                new InvoiceId(rs.getObject("invoice_id", UUID.class)),
                rs.getObject("client_id", UUID.class),
                rs.getObject("closed_on", LocalDate.class),
                rs.getObject("funding_date", LocalDate.class),
                Money.of(rs.getBigDecimal("face_amount"), c),
                Money.of(rs.getBigDecimal("advance_amount"), c),
                Money.of(rs.getBigDecimal("collected"), c),
                Money.of(rs.getBigDecimal("deductions"), c),
                Money.of(rs.getBigDecimal("fee"), c),
                rs.getInt("days_charged"),
                Money.of(rs.getBigDecimal("rebate"), c),
                rs.getObject("settlement_run_id", UUID.class));
    }

    /** The insert of one row into the table, naming the same columns, in the same order, as its bulk load. */
    private static String insertInto(String table, List<String> columns) {
        return "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
