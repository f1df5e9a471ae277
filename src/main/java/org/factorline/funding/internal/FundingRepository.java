package org.factorline.funding.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.funding.FundingLine;
import org.factorline.funding.FundingRequest;
import org.factorline.funding.FundingStatus;
import org.factorline.invoices.InvoiceId;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class FundingRepository {

    private final JdbcClient jdbc;

    public FundingRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public String nextReference(int year) {
        long n = jdbc.sql("select nextval('funding_request_reference_seq')")
                .query(Long.class)
                .single();
        return String.format("F-%d-%06d", year, n);
    }

    public void insert(FundingRequest r) {
        jdbc.sql("""
                        insert into funding_request (id, reference, client_id, status, payout_method, currency,
                            total_face, total_advance, charges, deductions, net_amount, requested_by, requested_at, version)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(
                        r.id(),
                        r.reference(),
                        r.clientId().value(),
                        r.status().name(),
                        r.payoutMethod().name(),
                        r.totalFace().currency().getCurrencyCode(),
                        r.totalFace().amount(),
                        r.totalAdvance().amount(),
                        r.charges().amount(),
                        r.deductions().amount(),
                        r.net().amount(),
                        r.requestedBy(),
                        ts(r.requestedAt()))
                .update();
        StringBuilder sql = new StringBuilder(
                "insert into funding_line (request_id, invoice_id, face_amount, advance_amount, advance_rate) values ");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < r.lines().size(); i++) {
            FundingLine l = r.lines().get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?)");
            params.add(r.id());
            params.add(l.invoiceId().value());
            params.add(l.face().amount());
            params.add(l.advance().amount());
            params.add(l.advanceRate().percent());
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    /** Claims the request for a move; throws if someone else moved it since it was read. */
    public void claim(UUID id, int expectedVersion, FundingStatus status, String column, String by, Instant at) {
        String sql = "update funding_request set status = ?, " + column + "_by = ?, " + column
                + "_at = ?, version = version + 1 where id = ? and version = ?";
        int n = jdbc.sql(sql)
                .params(status.name(), by, ts(at), id, expectedVersion)
                .update();
        if (n == 0) {
            throw new OptimisticLockingFailureException(
                    "the funding request was changed by someone else meanwhile; reload it and look again");
        }
    }

    public void recordFunding(
            UUID id,
            LocalDate fundingDate,
            Money totalAdvance,
            Money charges,
            Money deductions,
            Money net,
            UUID payoutId,
            UUID entryId) {
        jdbc.sql("""
                        update funding_request set funding_date = ?, total_advance = ?, charges = ?, deductions = ?,
                            net_amount = ?, payout_id = ?, journal_entry_id = ?
                        where id = ?""")
                .params(
                        fundingDate,
                        totalAdvance.amount(),
                        charges.amount(),
                        deductions.amount(),
                        net.amount(),
                        payoutId,
                        entryId,
                        id)
                .update();
    }

    public void recordCancel(UUID id, String reason) {
        jdbc.sql("update funding_request set cancel_reason = ? where id = ?")
                .params(reason, id)
                .update();
    }

    /**
     * One row per invoice bought; the primary key refuses a second purchase of the same invoice. The invoice's
     * debtor, dates and agreement version are copied from it, so the purchased book reads from this one table.
     */
    public void insertFunded(FundingRequest r, LocalDate fundingDate) {
        StringBuilder sql = new StringBuilder("insert into funded_invoice (invoice_id, request_id, client_id,"
                + " funding_date, face_amount, advance_amount, currency, debtor_id, issue_date, due_date,"
                + " agreement_id)"
                + " select i.id, v.request_id, v.client_id, v.funding_date, v.face_amount, v.advance_amount,"
                + " v.currency, i.debtor_id, i.issue_date, i.due_date, i.agreement_id from (");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < r.lines().size(); i++) {
            FundingLine l = r.lines().get(i);
            sql.append(i == 0 ? "" : " union all ")
                    .append("select cast(? as uuid) as invoice_id, cast(? as uuid) as request_id,"
                            + " cast(? as uuid) as client_id, cast(? as date) as funding_date,"
                            + " cast(? as numeric(19, 2)) as face_amount, cast(? as numeric(19, 2)) as advance_amount,"
                            + " cast(? as char(3)) as currency");
            params.add(l.invoiceId().value());
            params.add(r.id());
            params.add(r.clientId().value());
            params.add(fundingDate);
            params.add(l.face().amount());
            params.add(l.advance().amount());
            params.add(l.face().currency().getCurrencyCode());
        }
        sql.append(") v join invoice i on i.id = v.invoice_id");
        int inserted = jdbc.sql(sql.toString()).params(params).update();
        if (inserted != r.lines().size()) {
            throw new IllegalStateException("bought " + r.lines().size() + " invoices but recorded " + inserted);
        }
    }

    /** The day a bought invoice left the book: closed out after collection. */
    public void markClosed(UUID invoiceId, LocalDate on) {
        jdbc.sql("update funded_invoice set closed_on = ? where invoice_id = ?")
                .params(on, invoiceId)
                .update();
    }

    /**
     * The day many bought invoices left the book, closed out together: on PostgreSQL one {@code UPDATE … FROM}
     * the ids COPYed into a staged table, elsewhere a thousand per statement.
     */
    public void markAllClosed(List<UUID> invoiceIds, LocalDate on, org.factorline.shared.BulkLoad bulk) {
        if (invoiceIds.isEmpty()) {
            return;
        }
        if (bulk.postgres()) {
            // one statement for the lot: a thousand-id list a statement cost about three times as much per row
            updateFromStage(
                    bulk,
                    "closed_stage",
                    "invoice_id uuid primary key",
                    List.of("invoice_id"),
                    invoiceIds.stream().map(id -> new Object[] {id}).toList(),
                    jdbc.sql("""
                                    update funded_invoice f set closed_on = :on
                                    from closed_stage s where f.invoice_id = s.invoice_id""").param("on", on));
            return;
        }
        for (int i = 0; i < invoiceIds.size(); i += 1_000) {
            jdbc.sql("update funded_invoice set closed_on = :on where invoice_id in (:ids)")
                    .param("on", on)
                    .param("ids", invoiceIds.subList(i, Math.min(invoiceIds.size(), i + 1_000)))
                    .update();
        }
    }

    /** The day a bought invoice left the book: charged back to the client. */
    public void markChargedBack(UUID invoiceId, LocalDate on) {
        jdbc.sql("update funded_invoice set charged_on = ? where invoice_id = ?")
                .params(on, invoiceId)
                .update();
    }

    /** {@link #markChargedBack} for many invoices charged back on one day, a thousand to a statement. */
    public void markChargedBackAll(List<UUID> invoiceIds, LocalDate on) {
        for (int i = 0; i < invoiceIds.size(); i += 1_000) {
            jdbc.sql("update funded_invoice set charged_on = :on where invoice_id in (:ids)")
                    .param("on", on)
                    .param("ids", invoiceIds.subList(i, Math.min(invoiceIds.size(), i + 1_000)))
                    .update();
        }
    }

    /** Adds to many invoices' reductions at once (rows: invoice id, amount), each row updated once. */
    public void addReductions(java.util.List<Object[]> rows, org.factorline.shared.BulkLoad bulk) {
        if (rows.isEmpty()) {
            return;
        }
        if (bulk.postgres()) {
            updateFromStage(
                    bulk,
                    "reduction_stage",
                    "invoice_id uuid primary key, amount numeric(19, 2) not null",
                    List.of("invoice_id", "amount"),
                    rows,
                    jdbc.sql("""
                            update funded_invoice f set reduced_amount = f.reduced_amount + s.amount
                            from reduction_stage s where f.invoice_id = s.invoice_id"""));
        } else {
            org.springframework.jdbc.core.JdbcTemplate template =
                    new org.springframework.jdbc.core.JdbcTemplate(bulk.dataSource());
            template.batchUpdate(
                    "update funded_invoice set reduced_amount = reduced_amount + ? where invoice_id = ?",
                    rows,
                    1_000,
                    (ps, r) -> {
                        ps.setBigDecimal(1, (java.math.BigDecimal) r[1]);
                        ps.setObject(2, r[0]);
                    });
        }
    }

    /**
     * On PostgreSQL: loads the rows by {@code COPY} into a temporary table of the transaction (made on first
     * use, emptied before and after) and runs the update that joins it, so each book row is updated once.
     */
    private void updateFromStage(
            org.factorline.shared.BulkLoad bulk,
            String table,
            String columnsDdl,
            List<String> columns,
            List<Object[]> rows,
            JdbcClient.StatementSpec update) {
        jdbc.sql("create temporary table if not exists " + table + " (" + columnsDdl + ") on commit drop")
                .update();
        jdbc.sql("truncate " + table).update();
        bulk.load(table, columns, rows);
        update.update();
        jdbc.sql("truncate " + table).update();
    }

    /** Adds a reduction (a payment applied, a payment made to the client instead, a short pay). */
    public void addReduction(UUID invoiceId, java.math.BigDecimal amount) {
        jdbc.sql("update funded_invoice set reduced_amount = reduced_amount + ? where invoice_id = ?")
                .params(amount, invoiceId)
                .update();
    }

    /** Holds the request's row until the transaction ends: a second approval at the same moment waits for this one. */
    public void lock(UUID id) {
        jdbc.sql("select id from funding_request where id = ? for update")
                .param(id)
                .query(UUID.class)
                .optional();
    }

    public Optional<FundingRequest> find(UUID id) {
        return list("r.id = ?", List.of(id), 1).stream().findFirst();
    }

    public List<FundingRequest> page(UUID before, UUID clientId, FundingStatus status, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        List<Object> params = new ArrayList<>();
        if (before != null) {
            where.append(" and r.id < ?");
            params.add(before);
        }
        if (clientId != null) {
            where.append(" and r.client_id = ?");
            params.add(clientId);
        }
        if (status != null) {
            where.append(" and r.status = ?");
            params.add(status.name());
        }
        return list(where.toString(), params, limit);
    }

    /** Of these invoices, those already in an open funding request (invoice → request reference). */
    public Map<UUID, String> inOpenRequests(List<UUID> invoiceIds) {
        Map<UUID, String> out = new HashMap<>();
        if (invoiceIds.isEmpty()) {
            return out;
        }
        String in = String.join(", ", Collections.nCopies(invoiceIds.size(), "?"));
        jdbc.sql("""
                        select l.invoice_id, r.reference from funding_line l join funding_request r on r.id = l.request_id
                        where r.status in ('REQUESTED', 'AWAITING_SECOND_APPROVAL') and l.invoice_id in (%s)""".formatted(in)).params(new ArrayList<>(invoiceIds)).query(rs -> {
            out.put(rs.getObject("invoice_id", UUID.class), rs.getString("reference"));
        });
        return out;
    }

    /**
     * Advances on the client's invoices still funded and unpaid — its funds employed. Reads the invoices'
     * status from the invoices module's table: a read-only join, kept here so the facility check is one query.
     */
    public BigDecimal fundsEmployed(UUID clientId, String currency) {
        return jdbc.sql("""
                        select coalesce(sum(f.advance_amount), 0) from funded_invoice f
                        join invoice i on i.id = f.invoice_id
                        where f.client_id = ? and f.currency = ? and i.status in ('FUNDED', 'PARTIALLY_PAID')""").params(clientId, currency).query(BigDecimal.class).single();
    }

    public Optional<org.factorline.funding.Funding.Purchase> purchaseOf(UUID invoiceId) {
        return jdbc.sql("select * from funded_invoice where invoice_id = ?")
                .param(invoiceId)
                .query(FundingRepository::purchase)
                .optional();
    }

    /** {@link #purchaseOf} for many invoices, a thousand to a statement; those never bought are left out. */
    public List<org.factorline.funding.Funding.Purchase> purchasesOf(List<UUID> invoiceIds) {
        List<org.factorline.funding.Funding.Purchase> out = new ArrayList<>(invoiceIds.size());
        for (int i = 0; i < invoiceIds.size(); i += 1_000) {
            out.addAll(jdbc.sql("select * from funded_invoice where invoice_id in (:ids)")
                    .param("ids", invoiceIds.subList(i, Math.min(invoiceIds.size(), i + 1_000)))
                    .query(FundingRepository::purchase)
                    .list());
        }
        return out;
    }

    private static org.factorline.funding.Funding.Purchase purchase(ResultSet rs, int n) throws SQLException {
        Currency c = Currency.getInstance(rs.getString("currency").trim());
        return new org.factorline.funding.Funding.Purchase(
                new InvoiceId(rs.getObject("invoice_id", UUID.class)),
                rs.getObject("request_id", UUID.class),
                rs.getObject("funding_date", LocalDate.class),
                Money.of(rs.getBigDecimal("face_amount"), c),
                Money.of(rs.getBigDecimal("advance_amount"), c));
    }

    /** Face value bought per client, from the funded invoices. */
    /** Per currency and client, the face of every invoice bought: one pass over the book for the ledger check. */
    public Map<String, Map<UUID, BigDecimal>> faceBoughtByCurrencyAndClient() {
        Map<String, Map<UUID, BigDecimal>> out = new java.util.TreeMap<>();
        jdbc.sql("""
                        select currency, client_id, sum(face_amount) as face from funded_invoice
                        group by currency, client_id""").query(rs -> {
            out.computeIfAbsent(rs.getString("currency").trim(), c -> new LinkedHashMap<>())
                    .put(rs.getObject("client_id", UUID.class), rs.getBigDecimal("face"));
        });
        return out;
    }

    public Map<UUID, BigDecimal> faceBoughtByClient(String currency) {
        Map<UUID, BigDecimal> out = new LinkedHashMap<>();
        jdbc.sql("select client_id, sum(face_amount) as face from funded_invoice where currency = ? group by client_id")
                .param(currency)
                .query(rs -> {
                    out.put(rs.getObject("client_id", UUID.class), rs.getBigDecimal("face"));
                });
        return out;
    }

    public List<String> currencies() {
        return jdbc.sql("select distinct currency from funded_invoice").query(String.class).list().stream()
                .map(String::trim)
                .toList();
    }

    private List<FundingRequest> list(String where, List<Object> params, int limit) {
        List<Object> all = new ArrayList<>(params);
        all.add(limit);
        List<FundingRequest> heads = jdbc.sql(
                        "select r.* from funding_request r where " + where + " order by r.id desc limit ?")
                .params(all)
                .query(FundingRepository::map)
                .list();
        if (heads.isEmpty()) {
            return heads;
        }
        Map<UUID, List<FundingLine>> lines = new LinkedHashMap<>();
        heads.forEach(h -> lines.put(h.id(), new ArrayList<>()));
        String in = String.join(", ", Collections.nCopies(heads.size(), "?"));
        jdbc.sql("""
                        select l.*, i.invoice_number, i.currency from funding_line l join invoice i on i.id = l.invoice_id
                        where l.request_id in (%s) order by i.invoice_number""".formatted(in)).params(new ArrayList<>(lines.keySet())).query(rs -> {
            Currency c = Currency.getInstance(rs.getString("currency").trim());
            lines.get(rs.getObject("request_id", UUID.class))
                    .add(new FundingLine(
                            new InvoiceId(rs.getObject("invoice_id", UUID.class)),
                            rs.getString("invoice_number"),
                            Money.of(rs.getBigDecimal("face_amount"), c),
                            Rate.percent(rs.getBigDecimal("advance_rate")),
                            Money.of(rs.getBigDecimal("advance_amount"), c)));
        });
        return heads.stream()
                .map(h -> withLines(h, List.copyOf(lines.get(h.id()))))
                .toList();
    }

    private static FundingRequest withLines(FundingRequest h, List<FundingLine> lines) {
        return new FundingRequest(
                h.id(),
                h.reference(),
                h.clientId(),
                h.status(),
                h.payoutMethod(),
                h.totalFace(),
                h.totalAdvance(),
                h.charges(),
                h.deductions(),
                h.net(),
                h.requestedBy(),
                h.requestedAt(),
                h.firstApprovedBy(),
                h.firstApprovedAt(),
                h.fundedBy(),
                h.fundedAt(),
                h.fundingDate(),
                h.cancelledBy(),
                h.cancelReason(),
                h.payoutId(),
                h.journalEntryId(),
                h.version(),
                lines);
    }

    private static FundingRequest map(ResultSet rs, int n) throws SQLException {
        Currency c = Currency.getInstance(rs.getString("currency").trim());
        return new FundingRequest(
                rs.getObject("id", UUID.class),
                rs.getString("reference"),
                new ClientId(rs.getObject("client_id", UUID.class)),
                FundingStatus.valueOf(rs.getString("status")),
                PayoutMethod.valueOf(rs.getString("payout_method")),
                Money.of(rs.getBigDecimal("total_face"), c),
                Money.of(rs.getBigDecimal("total_advance"), c),
                Money.of(rs.getBigDecimal("charges"), c),
                Money.of(rs.getBigDecimal("deductions"), c),
                Money.of(rs.getBigDecimal("net_amount"), c),
                rs.getString("requested_by"),
                instant(rs, "requested_at"),
                rs.getString("first_approved_by"),
                instant(rs, "first_approved_at"),
                rs.getString("funded_by"),
                instant(rs, "funded_at"),
                rs.getObject("funding_date", LocalDate.class),
                rs.getString("cancelled_by"),
                rs.getString("cancel_reason"),
                rs.getObject("payout_id", UUID.class),
                rs.getObject("journal_entry_id", UUID.class),
                rs.getInt("version"),
                List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    /** How many requests are in the status, counted in the database and stopping at {@code cap + 1}. */
    public long countCapped(FundingStatus status, int cap) {
        return jdbc.sql("select count(*) from (select 1 from funding_request where status = ? limit ?) x")
                .params(status.name(), cap + 1)
                .query(Long.class)
                .single();
    }
}
