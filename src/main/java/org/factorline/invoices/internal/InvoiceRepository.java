package org.factorline.invoices.internal;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.factorline.clients.AgreementId;
import org.factorline.clients.ClientId;
import org.factorline.debtors.DebtorId;
import org.factorline.invoices.Invoice;
import org.factorline.invoices.InvoiceFilter;
import org.factorline.invoices.InvoiceId;
import org.factorline.invoices.InvoiceNumbers;
import org.factorline.invoices.InvoiceStatus;
import org.factorline.invoices.ScheduleId;
import org.factorline.invoices.StatusChange;
import org.factorline.invoices.VerificationStatus;
import org.factorline.shared.CursorPage;
import org.factorline.shared.Money;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The invoice table and its timeline, in explicit SQL. Bulk inserts go through JDBC batches; status
 * updates check the version, so a stale change fails instead of overwriting.
 */
@Repository
public class InvoiceRepository {

    private static final String INSERT_INVOICE = """
            insert into invoice (id, client_id, debtor_id, schedule_id, agreement_id, invoice_number, number_key,
                                 po_number, issue_date, terms_days, due_date, face_amount, currency, status,
                                 verification_status, flagged, flag_reason, created_at, updated_at, version)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""";

    private static final String INSERT_CHANGE = """
            insert into invoice_status_change (id, invoice_id, from_status, to_status, occurred_at, actor, reason)
            values (?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public InvoiceRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** A step of the timeline about to be written. */
    public record NewChange(UUID id, InvoiceId invoiceId, StatusChange change) {}

    /** Another client's invoice with the same debtor, amount and issue date as one of ours. */
    public record Lookalike(InvoiceId invoiceId, String numberKey, InvoiceId otherId, String otherKey) {}

    public void insert(Invoice invoice) {
        insertAll(List.of(invoice));
    }

    public void insertAll(List<Invoice> invoices) {
        template.batchUpdate(INSERT_INVOICE, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Invoice inv = invoices.get(i);
                ps.setObject(1, inv.id().value());
                ps.setObject(2, inv.clientId().value());
                ps.setObject(3, inv.debtorId().value());
                if (inv.scheduleId() == null) {
                    ps.setNull(4, Types.OTHER);
                } else {
                    ps.setObject(4, inv.scheduleId().value());
                }
                ps.setObject(5, inv.agreementId().value());
                ps.setString(6, inv.number());
                ps.setString(7, InvoiceNumbers.normalize(inv.number()));
                setString(ps, 8, inv.poNumber());
                ps.setObject(9, inv.issueDate());
                ps.setInt(10, inv.termsDays());
                ps.setObject(11, inv.dueDate());
                ps.setBigDecimal(12, inv.faceAmount().amount());
                ps.setString(13, inv.faceAmount().currency().getCurrencyCode());
                ps.setString(14, inv.status().name());
                ps.setString(15, inv.verificationStatus().name());
                ps.setBoolean(16, inv.flagged());
                setString(ps, 17, inv.flagReason());
                ps.setObject(18, ts(inv.createdAt()));
                ps.setObject(19, ts(inv.updatedAt()));
            }

            @Override
            public int getBatchSize() {
                return invoices.size();
            }
        });
    }

    public void insertChanges(List<NewChange> changes) {
        template.batchUpdate(INSERT_CHANGE, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                NewChange c = changes.get(i);
                ps.setObject(1, c.id());
                ps.setObject(2, c.invoiceId().value());
                setString(
                        ps,
                        3,
                        c.change().from() == null ? null : c.change().from().name());
                ps.setString(4, c.change().to().name());
                ps.setObject(5, ts(c.change().occurredAt()));
                ps.setString(6, c.change().actor());
                setString(ps, 7, c.change().reason());
            }

            @Override
            public int getBatchSize() {
                return changes.size();
            }
        });
    }

    public Optional<Invoice> find(InvoiceId id) {
        return jdbc.sql("select * from invoice where id = ?")
                .param(id.value())
                .query(InvoiceRepository::map)
                .optional();
    }

    /** Holds the invoice's row until the transaction ends: money posted to it waits for the money before it. */
    public void lock(InvoiceId id) {
        jdbc.sql("select id from invoice where id = ? for update")
                .param(id.value())
                .query(UUID.class)
                .optional();
    }

    /** Which of these numbers the client has already used: one query for a whole batch. */
    public Set<String> existingNumbers(ClientId clientId, Collection<String> numbers) {
        if (numbers.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql(
                        "select invoice_number from invoice where client_id = :client and invoice_number in (:numbers)")
                .param("client", clientId.value())
                .param("numbers", numbers)
                .query(String.class)
                .list());
    }

    /**
     * Invoices of other clients on the same debtor, for the same amount, issued the same day: the clients
     * before and after this one in the fingerprint index, so the client's own invoices are never read.
     */
    public List<Lookalike> lookalikes(ClientId clientId, DebtorId debtorId, LocalDate issueDate, Money amount) {
        return jdbc.sql("""
                        select id, number_key from invoice
                        where debtor_id = :debtor and issue_date = :issued and face_amount = :amount
                          and currency = :currency and client_id < :client
                        union all
                        select id, number_key from invoice
                        where debtor_id = :debtor and issue_date = :issued and face_amount = :amount
                          and currency = :currency and client_id > :client
                        order by id""")
                .param("debtor", debtorId.value())
                .param("issued", issueDate)
                .param("amount", amount.amount())
                .param("currency", amount.currency().getCurrencyCode())
                .param("client", clientId.value())
                .query((rs, n) -> new Lookalike(
                        null, null, new InvoiceId(rs.getObject("id", UUID.class)), rs.getString("number_key")))
                .list();
    }

    /**
     * The same question for every invoice of a client's schedule at once: one join, not one query per invoice.
     * Like {@link #lookalikes}, it reads the other clients before and after this one in the fingerprint index,
     * never the client's own invoices: a schedule of recurring invoices (the same debtor, day and amount again
     * and again) would otherwise read each of its invoices' twins once per invoice.
     */
    public List<Lookalike> lookalikesOfSchedule(ScheduleId scheduleId, ClientId clientId) {
        return jdbc.sql("""
                        select i.id, i.number_key, o.id as other_id, o.number_key as other_key
                        from invoice i
                        join invoice o on o.debtor_id = i.debtor_id and o.issue_date = i.issue_date
                                      and o.face_amount = i.face_amount and o.currency = i.currency
                                      and o.client_id < :client
                        where i.schedule_id = :schedule
                        union all
                        select i.id, i.number_key, o.id as other_id, o.number_key as other_key
                        from invoice i
                        join invoice o on o.debtor_id = i.debtor_id and o.issue_date = i.issue_date
                                      and o.face_amount = i.face_amount and o.currency = i.currency
                                      and o.client_id > :client
                        where i.schedule_id = :schedule
                        order by id, other_id""")
                .param("schedule", scheduleId.value())
                .param("client", clientId.value())
                .query((rs, n) -> new Lookalike(
                        new InvoiceId(rs.getObject("id", UUID.class)),
                        rs.getString("number_key"),
                        new InvoiceId(rs.getObject("other_id", UUID.class)),
                        rs.getString("other_key")))
                .list();
    }

    /** Flags invoices as possible duplicates, in one batch. */
    public void flag(List<InvoiceId> ids, List<String> reasons) {
        template.batchUpdate(
                "update invoice set flagged = true, flag_reason = ? where id = ?", new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        ps.setString(1, reasons.get(i));
                        ps.setObject(2, ids.get(i).value());
                    }

                    @Override
                    public int getBatchSize() {
                        return ids.size();
                    }
                });
    }

    public void updateStatus(InvoiceId id, InvoiceStatus status, int expectedVersion, Instant now) {
        int n = jdbc.sql(
                        "update invoice set status = ?, updated_at = ?, version = version + 1 where id = ? and version = ?")
                .params(status.name(), ts(now), id.value(), expectedVersion)
                .update();
        if (n == 0) {
            throw new OptimisticLockingFailureException("invoice " + id
                    + " was changed by someone else (expected version " + expectedVersion + "); reload and retry");
        }
    }

    public void updateVerification(InvoiceId id, VerificationStatus status, int expectedVersion, Instant now) {
        int n = jdbc.sql("""
                        update invoice set verification_status = ?, updated_at = ?, version = version + 1
                        where id = ? and version = ?""")
                .params(status.name(), ts(now), id.value(), expectedVersion)
                .update();
        if (n == 0) {
            throw new OptimisticLockingFailureException("invoice " + id
                    + " was changed by someone else (expected version " + expectedVersion + "); reload and retry");
        }
    }

    /** Moves the invoices from one status to another in one statement; returns how many moved. */
    public int moveAll(List<InvoiceId> ids, InvoiceStatus from, InvoiceStatus to, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        String in = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        List<Object> params = new ArrayList<>();
        params.add(to.name());
        params.add(ts(now));
        ids.forEach(i -> params.add(i.value()));
        params.add(from.name());
        return jdbc.sql("update invoice set status = ?, updated_at = ?, version = version + 1 where id in (" + in
                        + ") and status = ?")
                .params(params)
                .update();
    }

    /**
     * The new status, version and time of many invoices at once (rows: id, status, version read, version
     * after, updated at); refuses if any was changed since it was read.
     */
    public void updateStatuses(List<Object[]> rows, org.factorline.shared.BulkLoad bulk) {
        if (rows.isEmpty()) {
            return;
        }
        int n;
        if (bulk.postgres()) {
            jdbc.sql("""
                            create temporary table if not exists invoice_move_stage (id uuid primary key,
                                status varchar(30) not null, expected integer not null, version integer not null,
                                updated_at timestamp with time zone not null) on commit drop""").update();
            jdbc.sql("truncate invoice_move_stage").update();
            bulk.load("invoice_move_stage", List.of("id", "status", "expected", "version", "updated_at"), rows);
            n = jdbc.sql("""
                            update invoice i set status = s.status, updated_at = s.updated_at, version = s.version
                            from invoice_move_stage s where i.id = s.id and i.version = s.expected""").update();
            jdbc.sql("truncate invoice_move_stage").update();
        } else {
            int[][] done = template.batchUpdate(
                    "update invoice set status = ?, updated_at = ?, version = ? where id = ? and version = ?",
                    rows,
                    1_000,
                    (ps, r) -> {
                        ps.setString(1, (String) r[1]);
                        ps.setObject(2, ts((Instant) r[4]));
                        ps.setInt(3, (Integer) r[3]);
                        ps.setObject(4, r[0]);
                        ps.setInt(5, (Integer) r[2]);
                    });
            n = java.util.Arrays.stream(done)
                    .flatMapToInt(java.util.Arrays::stream)
                    .map(k -> k < 0 ? 1 : k)
                    .sum();
        }
        if (n != rows.size()) {
            throw new OptimisticLockingFailureException(
                    (rows.size() - n) + " invoices were changed by someone else meanwhile; reload and retry");
        }
    }

    public List<Invoice> findAll(List<InvoiceId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        return jdbc.sql("select * from invoice where id in (" + in + ")")
                .params(ids.stream()
                        .map(InvoiceId::value)
                        .map(Object.class::cast)
                        .toList())
                .query(InvoiceRepository::map)
                .list();
    }

    /** Invoices of the client in the status, oldest first, at most {@code limit}. */
    public List<Invoice> inStatus(ClientId clientId, InvoiceStatus status, int limit) {
        return jdbc.sql("""
                        select * from invoice where (cast(? as uuid) is null or client_id = ?) and status = ?
                        order by id limit ?""")
                .params(
                        clientId == null ? null : clientId.value(),
                        clientId == null ? null : clientId.value(),
                        status.name(),
                        limit)
                .query(InvoiceRepository::map)
                .list();
    }

    /** Count and face of one client's invoices per status and currency, for the statuses given (one query). */
    public List<Object[]> totalsByStatus(ClientId clientId, Collection<String> statuses) {
        return jdbc.sql("""
                        select status, currency, count(*) as n, sum(face_amount) as face from invoice
                        where client_id = :client and status in (:statuses)
                        group by status, currency order by status, currency""")
                .param("client", clientId.value())
                .param("statuses", statuses)
                .query((rs, n) -> new Object[] {
                    rs.getString("status"), rs.getString("currency").trim(), rs.getInt("n"), rs.getBigDecimal("face")
                })
                .list();
    }

    /** Face value of funded invoices not yet paid or closed, per debtor, of one client or of every client. */
    public java.util.Map<DebtorId, BigDecimal> openFundedFaceByDebtor(ClientId clientId, String currency) {
        java.util.Map<DebtorId, BigDecimal> out = new java.util.HashMap<>();
        jdbc.sql("""
                        select debtor_id, sum(face_amount) as face from invoice
                        where status in ('FUNDED', 'PARTIALLY_PAID') and currency = ?
                          and (cast(? as uuid) is null or client_id = ?)
                        group by debtor_id""")
                .params(
                        currency,
                        clientId == null ? null : clientId.value(),
                        clientId == null ? null : clientId.value())
                .query(rs -> {
                    out.put(new DebtorId(rs.getObject("debtor_id", UUID.class)), rs.getBigDecimal("face"));
                });
        return out;
    }

    public BigDecimal openFundedFaceOfDebtor(DebtorId debtorId, String currency) {
        return jdbc.sql("""
                        select coalesce(sum(face_amount), 0) from invoice
                        where status in ('FUNDED', 'PARTIALLY_PAID') and currency = ? and debtor_id = ?""")
                .params(currency, debtorId.value())
                .query(BigDecimal.class)
                .single();
    }

    public List<StatusChange> timeline(InvoiceId id) {
        return jdbc.sql("select * from invoice_status_change where invoice_id = ? order by occurred_at, id")
                .param(id.value())
                .query((rs, n) -> new StatusChange(
                        rs.getString("from_status") == null ? null : InvoiceStatus.valueOf(rs.getString("from_status")),
                        InvoiceStatus.valueOf(rs.getString("to_status")),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getString("actor"),
                        rs.getString("reason")))
                .list();
    }

    /** A page of invoices, newest id first after the cursor; {@code onlyClient} narrows to one (client users). */
    public List<Invoice> page(CursorPage.Request page, InvoiceFilter f, UUID onlyClient) {
        UUID client = f.client() == null ? null : f.client().value();
        UUID debtor = f.debtor() == null ? null : f.debtor().value();
        UUID schedule = f.schedule() == null ? null : f.schedule().value();
        String status = f.status() == null ? null : f.status().name();
        String number =
                f.number() == null || f.number().isBlank() ? null : f.number().strip();
        String like = number == null ? null : "%" + number.toUpperCase(Locale.ROOT) + "%";
        String key = number == null ? null : InvoiceNumbers.normalize(number);
        String keyLike = key == null || key.isEmpty() ? null : "%" + key + "%";
        return jdbc.sql("""
                        select * from invoice
                        where (cast(? as uuid) is null or id < ?)
                          and (cast(? as uuid) is null or client_id = ?)
                          and (cast(? as uuid) is null or client_id = ?)
                          and (cast(? as uuid) is null or debtor_id = ?)
                          and (cast(? as uuid) is null or schedule_id = ?)
                          and (cast(? as varchar) is null or status = ?)
                          and (cast(? as boolean) is null or flagged = ?)
                          and (cast(? as varchar) is null or upper(invoice_number) like ? or number_key like ?)
                        order by id desc
                        limit ?""")
                .params(
                        page.after(),
                        page.after(),
                        onlyClient,
                        onlyClient,
                        client,
                        client,
                        debtor,
                        debtor,
                        schedule,
                        schedule,
                        status,
                        status,
                        f.flagged(),
                        f.flagged(),
                        like,
                        like,
                        keyLike == null ? like : keyLike,
                        page.fetchSize())
                .query(InvoiceRepository::map)
                .list();
    }

    static Invoice map(ResultSet rs, int row) throws SQLException {
        UUID schedule = rs.getObject("schedule_id", UUID.class);
        BigDecimal amount = rs.getBigDecimal("face_amount");
        return new Invoice(
                new InvoiceId(rs.getObject("id", UUID.class)),
                new ClientId(rs.getObject("client_id", UUID.class)),
                new DebtorId(rs.getObject("debtor_id", UUID.class)),
                schedule == null ? null : new ScheduleId(schedule),
                new AgreementId(rs.getObject("agreement_id", UUID.class)),
                rs.getString("invoice_number"),
                rs.getString("po_number"),
                rs.getObject("issue_date", LocalDate.class),
                rs.getInt("terms_days"),
                rs.getObject("due_date", LocalDate.class),
                Money.of(amount, java.util.Currency.getInstance(rs.getString("currency"))),
                InvoiceStatus.valueOf(rs.getString("status")),
                VerificationStatus.valueOf(rs.getString("verification_status")),
                rs.getBoolean("flagged"),
                rs.getString("flag_reason"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getInt("version"));
    }

    static void setString(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    /**
     * How many invoices are in one of the statuses (and, if given, the verification status), counted in the
     * database and stopping at {@code cap + 1}: enough to say "more than cap" without counting the book.
     */
    public long countCapped(Collection<String> statuses, String verification, int cap) {
        return jdbc.sql("""
                        select count(*) from (select 1 from invoice where status in (:statuses)
                          and (cast(:verification as varchar) is null or verification_status = :verification)
                          limit :cap) x""")
                .param("statuses", statuses)
                .param("verification", verification)
                .param("cap", cap + 1)
                .query(Long.class)
                .single();
    }
}
