package org.factorline.receipts.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.debtors.DebtorId;
import org.factorline.invoices.InvoiceId;
import org.factorline.pricing.ReceiptKind;
import org.factorline.receipts.Allocation;
import org.factorline.receipts.Payment;
import org.factorline.receipts.PaymentStatus;
import org.factorline.shared.Money;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ReceiptRepository {

    private final JdbcClient jdbc;

    public ReceiptRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public String nextReference(String sequence, String prefix, int year) {
        long n =
                jdbc.sql("select nextval('" + sequence + "')").query(Long.class).single();
        return reference(prefix, year, n);
    }

    /** A payment's or file's reference from its number: prefix, year, six digits (as every path numbers them). */
    public static String reference(String prefix, int year, long n) {
        return String.format("%s-%d-%06d", prefix, year, n);
    }

    /** Inserts the file unless the same content was imported before; true if inserted. */
    public boolean insertFile(
            UUID id,
            String reference,
            String format,
            String fileName,
            String sha256,
            byte[] content,
            String by,
            Instant at,
            int count,
            Money total) {
        return jdbc.sql("""
                                insert into bank_file (id, reference, format, file_name, sha256, content, imported_by,
                                    imported_at, payment_count, credit_total, currency)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                                on conflict do nothing""")
                        .params(
                                id,
                                reference,
                                format,
                                fileName,
                                sha256,
                                content,
                                by,
                                ts(at),
                                count,
                                total.amount(),
                                total.currency().getCurrencyCode())
                        .update()
                > 0;
    }

    public Optional<String> fileWithHash(String sha256) {
        return jdbc.sql("select reference from bank_file where sha256 = ?")
                .param(sha256)
                .query(String.class)
                .optional();
    }

    public void insertPayment(Payment p) {
        jdbc.sql("""
                        insert into payment (id, reference, bank_file_id, source_ref, value_date, amount, currency, kind,
                            payer_name, payer_account, bank_reference, customer_reference, remittance, debtor_id,
                            applied_amount, status, created_by, created_at, version)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""").params(paymentRow(p)).update();
    }

    /** Many payments at once (a large bank file), each row as {@link #insertPayment} writes it. */
    public void insertPayments(List<Payment> payments, org.factorline.shared.BulkLoad bulk) {
        bulk.load(
                "payment",
                PAYMENT_COLUMNS,
                payments.stream().map(ReceiptRepository::paymentRow).toList());
    }

    /** The columns of a payment row, in the order {@link #paymentRow} gives their values. */
    private static final List<String> PAYMENT_COLUMNS = List.of(
            "id",
            "reference",
            "bank_file_id",
            "source_ref",
            "value_date",
            "amount",
            "currency",
            "kind",
            "payer_name",
            "payer_account",
            "bank_reference",
            "customer_reference",
            "remittance",
            "debtor_id",
            "applied_amount",
            "status",
            "created_by",
            "created_at",
            "version");

    /** A payment as the values of its row: one mapping for the insert of one and the bulk load of many. */
    private static Object[] paymentRow(Payment p) {
        return new Object[] {
            p.id(),
            p.reference(),
            p.bankFileId(),
            p.sourceRef(),
            p.valueDate(),
            p.amount().amount(),
            p.amount().currency().getCurrencyCode(),
            p.kind().name(),
            p.payerName(),
            p.payerAccount(),
            p.bankReference(),
            p.customerReference(),
            p.remittance(),
            p.debtorId() == null ? null : p.debtorId().value(),
            p.applied().amount(),
            p.status().name(),
            p.createdBy(),
            ts(p.createdAt()),
            p.version()
        };
    }

    /** Adds to what is applied of the payment; refuses (optimistically) if it changed meanwhile. */
    public void apply(UUID paymentId, int expectedVersion, Money amount, PaymentStatus status) {
        int n = jdbc.sql("""
                        update payment set applied_amount = applied_amount + ?, status = ?, version = version + 1
                        where id = ? and version = ? and applied_amount + ? <= amount""")
                .params(amount.amount(), status.name(), paymentId, expectedVersion, amount.amount())
                .update();
        if (n == 0) {
            throw new OptimisticLockingFailureException(
                    "the payment was changed by someone else meanwhile; reload it and look again");
        }
    }

    public void setDebtor(UUID paymentId, DebtorId debtorId) {
        jdbc.sql("update payment set debtor_id = ? where id = ?")
                .params(debtorId.value(), paymentId)
                .update();
    }

    /** An allocation, dated by the payment's value date (the business date of its ledger entry). */
    public void insertAllocation(Allocation a, UUID clientId, UUID entryId, LocalDate valueDate) {
        jdbc.sql("""
                        insert into payment_allocation (id, payment_id, invoice_id, client_id, amount, currency, confidence,
                            method, created_by, created_at, journal_entry_id, value_date)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""").params(allocationRow(a, clientId, entryId, valueDate)).update();
    }

    /** Many allocations at once (rows from {@link #allocationRow}), each as {@link #insertAllocation} writes it. */
    public void insertAllocations(List<Object[]> rows, org.factorline.shared.BulkLoad bulk) {
        bulk.load(
                "payment_allocation",
                List.of(
                        "id",
                        "payment_id",
                        "invoice_id",
                        "client_id",
                        "amount",
                        "currency",
                        "confidence",
                        "method",
                        "created_by",
                        "created_at",
                        "journal_entry_id",
                        "value_date"),
                rows);
    }

    /** An allocation as the values of its row: one mapping for the insert of one and the bulk load of many. */
    public static Object[] allocationRow(Allocation a, UUID clientId, UUID entryId, LocalDate valueDate) {
        return new Object[] {
            a.id(),
            a.paymentId(),
            a.invoiceId().value(),
            clientId,
            a.amount().amount(),
            a.amount().currency().getCurrencyCode(),
            a.confidence(),
            a.method().name(),
            a.createdBy(),
            ts(a.createdAt()),
            entryId,
            valueDate
        };
    }

    public void insertDeduction(
            UUID id,
            InvoiceId invoiceId,
            UUID clientId,
            Money amount,
            String reason,
            String by,
            Instant at,
            UUID entry,
            LocalDate businessDate) {
        jdbc.sql("""
                        insert into invoice_deduction (id, invoice_id, client_id, amount, currency, reason, created_by,
                            created_at, journal_entry_id, business_date)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        invoiceId.value(),
                        clientId,
                        amount.amount(),
                        amount.currency().getCurrencyCode(),
                        reason,
                        by,
                        ts(at),
                        entry,
                        businessDate)
                .update();
    }

    public void insertRefund(
            UUID id, UUID paymentId, Money amount, String method, String reason, String by, Instant at, UUID entry) {
        jdbc.sql("""
                        insert into payment_refund (id, payment_id, amount, currency, method, reason, created_by,
                            created_at, journal_entry_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        paymentId,
                        amount.amount(),
                        amount.currency().getCurrencyCode(),
                        method,
                        reason,
                        by,
                        ts(at),
                        entry)
                .update();
    }

    public void insertForward(
            UUID id, UUID paymentId, UUID clientId, Money amount, String reason, String by, Instant at, UUID entry) {
        jdbc.sql("""
                        insert into payment_forward (id, payment_id, client_id, amount, currency, reason, created_by,
                            created_at, journal_entry_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        paymentId,
                        clientId,
                        amount.amount(),
                        amount.currency().getCurrencyCode(),
                        reason,
                        by,
                        ts(at),
                        entry)
                .update();
    }

    public void insertMisdirected(
            UUID id,
            InvoiceId invoiceId,
            UUID clientId,
            Money amount,
            LocalDate paidOn,
            String reason,
            String by,
            Instant at,
            UUID entry) {
        jdbc.sql("""
                        insert into misdirected_payment (id, invoice_id, client_id, amount, currency, paid_on, reason,
                            created_by, created_at, journal_entry_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        invoiceId.value(),
                        clientId,
                        amount.amount(),
                        amount.currency().getCurrencyCode(),
                        paidOn,
                        reason,
                        by,
                        ts(at),
                        entry)
                .update();
    }

    /** Collected on the invoice so far: allocations, and deductions accepted against it. */
    /**
     * {@link #collectedAndDeducted} for many invoices, a thousand to a statement: by invoice id, what was
     * collected (payments applied and payments made to the client) and deducted (short pays); zero for none.
     */
    public java.util.Map<UUID, BigDecimal[]> collectedAndDeductedOf(List<UUID> ids) {
        java.util.Map<UUID, BigDecimal[]> out = new java.util.HashMap<>();
        for (int i = 0; i < ids.size(); i += 1_000) {
            jdbc.sql("""
                            select i.id,
                                   coalesce((select sum(a.amount) from payment_allocation a where a.invoice_id = i.id), 0)
                                     + coalesce((select sum(m.amount) from misdirected_payment m
                                                 where m.invoice_id = i.id), 0) as collected,
                                   coalesce((select sum(d.amount) from invoice_deduction d where d.invoice_id = i.id), 0)
                                     as deducted
                            from invoice i where i.id in (:ids)""")
                    .param("ids", ids.subList(i, Math.min(ids.size(), i + 1_000)))
                    .query(rs -> {
                        out.put(
                                rs.getObject("id", UUID.class),
                                new BigDecimal[] {rs.getBigDecimal("collected"), rs.getBigDecimal("deducted")});
                    });
        }
        return out;
    }

    public BigDecimal[] collectedAndDeducted(InvoiceId id) {
        BigDecimal collected = jdbc.sql("""
                        select coalesce((select sum(amount) from payment_allocation where invoice_id = ?), 0)
                             + coalesce((select sum(amount) from misdirected_payment where invoice_id = ?), 0)""")
                .params(id.value(), id.value())
                .query(BigDecimal.class)
                .single();
        BigDecimal deducted = jdbc.sql("select coalesce(sum(amount), 0) from invoice_deduction where invoice_id = ?")
                .param(id.value())
                .query(BigDecimal.class)
                .single();
        return new BigDecimal[] {collected, deducted};
    }

    /**
     * Open bought invoices whose number key is one of these: all of them, however many — an invoice the
     * remittance names is never left out.
     */
    public List<Object[]> openInvoicesNumbered(Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return openInvoices(
                "i.number_key in (" + String.join(", ", Collections.nCopies(keys.size(), "?")) + ")",
                new ArrayList<>(keys));
    }

    /** The debtor's open bought invoices, first due first, at most {@code limit}. */
    public List<Object[]> openInvoicesOf(DebtorId debtor, int limit) {
        List<Object> params = new ArrayList<>();
        params.add(debtor.value());
        params.add(limit);
        return openInvoices("i.debtor_id = ? order by i.due_date, i.id limit ?", params);
    }

    private List<Object[]> openInvoices(String where, List<Object> params) {
        return jdbc.sql("""
                        select i.id, i.invoice_number, i.number_key, i.debtor_id, i.currency, i.due_date,
                               (select d.name_key from debtor d where d.id = i.debtor_id) as debtor_name_key,
                               i.face_amount
                                 - coalesce((select sum(a.amount) from payment_allocation a where a.invoice_id = i.id), 0)
                                 - coalesce((select sum(d.amount) from invoice_deduction d where d.invoice_id = i.id), 0)
                                 - coalesce((select sum(m.amount) from misdirected_payment m where m.invoice_id = i.id), 0)
                                 as open_amount
                        from invoice i
                        where i.status in ('FUNDED', 'PARTIALLY_PAID') and %s""".formatted(where))
                .params(params)
                .query((rs, n) -> new Object[] {
                    rs.getObject("id", UUID.class),
                    rs.getString("invoice_number"),
                    rs.getString("number_key"),
                    rs.getObject("debtor_id", UUID.class),
                    Money.of(
                            rs.getBigDecimal("open_amount"),
                            Currency.getInstance(rs.getString("currency").trim())),
                    rs.getString("debtor_name_key"),
                    rs.getObject("due_date", LocalDate.class)
                })
                .list();
    }

    /** {@code n} payment or file references from the sequence, in order, in one query. */
    public List<Long> nextNumbers(String sequence, int n, org.factorline.shared.BulkLoad bulk) {
        if (n == 0) {
            return List.of();
        }
        String from = bulk.postgres() ? "generate_series(1, ?)" : "system_range(1, ?)";
        List<Long> values = new ArrayList<>(jdbc.sql("select nextval('" + sequence + "') from " + from)
                .param(n)
                .query(Long.class)
                .list());
        Collections.sort(values);
        return values;
    }

    private static final String OPEN_MANY = """
            select i.id, i.invoice_number, i.number_key, i.debtor_id, i.client_id, i.currency, i.due_date,
                   i.face_amount, i.version, (select d.name_key from debtor d where d.id = i.debtor_id) as debtor_name_key,
                   coalesce((select sum(a.amount) from payment_allocation a where a.invoice_id = i.id), 0)
                     + coalesce((select sum(m.amount) from misdirected_payment m where m.invoice_id = i.id), 0)
                     as collected,
                   coalesce((select sum(d.amount) from invoice_deduction d where d.invoice_id = i.id), 0) as deducted
            from invoice i
            where i.status in ('FUNDED', 'PARTIALLY_PAID') and %s""";

    /**
     * For a whole bank file at once: the open bought invoices whose number key is one of {@code keys} (as
     * {@link #openInvoicesNumbered}), and those of the {@code debtors}, first due first (as
     * {@link #openInvoicesOf} orders them). Rows: id, number, number key, debtor, client, currency, due date,
     * face, debtor name key, collected (payments, and payments made to the client), deducted (short pays),
     * version.
     * On PostgreSQL the keys or debtors are loaded into a temporary table and joined; elsewhere they are
     * asked in batches.
     */
    public List<Object[]> openInvoicesNumberedMany(Collection<String> keys, org.factorline.shared.BulkLoad bulk) {
        return openManyOf("k", "varchar(200)", "i.number_key", "", new ArrayList<>(keys), bulk);
    }

    /** See {@link #openInvoicesNumberedMany}: the debtors' open bought invoices, first due first. */
    public List<Object[]> openInvoicesOfMany(Collection<UUID> debtors, org.factorline.shared.BulkLoad bulk) {
        return openManyOf("d", "uuid", "i.debtor_id", " order by i.due_date, i.id", new ArrayList<>(debtors), bulk);
    }

    private List<Object[]> openManyOf(
            String stage,
            String type,
            String column,
            String order,
            List<Object> values,
            org.factorline.shared.BulkLoad bulk) {
        List<Object[]> out = new ArrayList<>();
        if (values.isEmpty()) {
            return out;
        }
        if (bulk.postgres()) {
            String table = "cash_stage_" + stage;
            jdbc.sql("create temporary table if not exists " + table + " (v " + type + ") on commit drop")
                    .update();
            jdbc.sql("truncate " + table).update();
            bulk.load(
                    table,
                    List.of("v"),
                    values.stream().map(v -> new Object[] {v}).toList());
            jdbc.sql("analyze " + table).update();
            out.addAll(openMany(column + " in (select v from " + table + ")" + order, List.of()));
            jdbc.sql("truncate " + table).update();
            return out;
        }
        for (int i = 0; i < values.size(); i += 500) {
            List<Object> part = values.subList(i, Math.min(values.size(), i + 500));
            out.addAll(openMany(
                    column + " in (" + String.join(", ", Collections.nCopies(part.size(), "?")) + ")" + order,
                    new ArrayList<>(part)));
        }
        return out;
    }

    private List<Object[]> openMany(String where, List<Object> params) {
        return jdbc.sql(OPEN_MANY.formatted(where))
                .params(params)
                .query((rs, n) -> {
                    Currency currency =
                            Currency.getInstance(rs.getString("currency").trim());
                    return new Object[] {
                        rs.getObject("id", UUID.class),
                        rs.getString("invoice_number"),
                        rs.getString("number_key"),
                        rs.getObject("debtor_id", UUID.class),
                        rs.getObject("client_id", UUID.class),
                        currency,
                        rs.getObject("due_date", LocalDate.class),
                        rs.getBigDecimal("face_amount"),
                        rs.getString("debtor_name_key"),
                        rs.getBigDecimal("collected"),
                        rs.getBigDecimal("deducted"),
                        rs.getInt("version")
                    };
                })
                .list();
    }

    /**
     * A client's open bought invoices as they stood on {@code asOf}, aged in one grouped query: per customer,
     * the count and the open balance in each of five buckets, by {@code column} (due_date or issue_date) against
     * the four bucket thresholds. As of a date means the ledger's rule: bought on or before it, less payments
     * by their value date, short pays by their entry's business date and payments made to the client by the
     * day paid, all on or before it; charged back on or before it is out. Rows: debtor id, debtor name,
     * invoices, then the five bucket amounts.
     */
    public List<Object[]> aging(UUID clientId, String currency, LocalDate asOf, String column, List<LocalDate> t) {
        if (!column.equals("due_date") && !column.equals("issue_date")) {
            throw new IllegalArgumentException("cannot age by " + column);
        }
        return jdbc.sql("""
                        select o.debtor_id, o.debtor_name, count(*) as invoices,
                               coalesce(sum(case when o.aged_from >= ? then o.open_amount end), 0) as b0,
                               coalesce(sum(case when o.aged_from < ? and o.aged_from >= ? then o.open_amount end), 0) as b1,
                               coalesce(sum(case when o.aged_from < ? and o.aged_from >= ? then o.open_amount end), 0) as b2,
                               coalesce(sum(case when o.aged_from < ? and o.aged_from >= ? then o.open_amount end), 0) as b3,
                               coalesce(sum(case when o.aged_from < ? then o.open_amount end), 0) as b4
                        from (
                            select i.debtor_id, d.name as debtor_name, i.%s as aged_from,
                                   f.face_amount
                                     - coalesce((select sum(a.amount) from payment_allocation a
                                                 join payment p on p.id = a.payment_id
                                                 where a.invoice_id = i.id and p.value_date <= ?), 0)
                                     - coalesce((select sum(x.amount) from invoice_deduction x
                                                 join journal_entry j on j.id = x.journal_entry_id
                                                 where x.invoice_id = i.id and j.business_date <= ?), 0)
                                     - coalesce((select sum(m.amount) from misdirected_payment m
                                                 where m.invoice_id = i.id and m.paid_on <= ?), 0)
                                     as open_amount
                            from funded_invoice f
                            join invoice i on i.id = f.invoice_id
                            join debtor d on d.id = i.debtor_id
                            where f.client_id = ? and f.currency = ? and f.funding_date <= ?
                              and i.issue_date <= ?
                              and not exists (select 1 from invoice_chargeback c
                                              where c.invoice_id = f.invoice_id and c.charged_on <= ?)
                        ) o
                        where o.open_amount > 0
                        group by o.debtor_id, o.debtor_name
                        order by o.debtor_name, o.debtor_id""".formatted(column))
                .params(
                        t.get(0), t.get(0), t.get(1), t.get(1), t.get(2), t.get(2), t.get(3), t.get(3), asOf, asOf,
                        asOf, clientId, currency, asOf, asOf, asOf)
                .query((rs, n) -> new Object[] {
                    rs.getObject("debtor_id", UUID.class),
                    rs.getString("debtor_name"),
                    rs.getInt("invoices"),
                    rs.getBigDecimal("b0"),
                    rs.getBigDecimal("b1"),
                    rs.getBigDecimal("b2"),
                    rs.getBigDecimal("b3"),
                    rs.getBigDecimal("b4")
                })
                .list();
    }

    /** Every debtor's id and registered name, for payer names written short. */
    public List<Object[]> debtorNames() {
        return jdbc.sql("select id, name from debtor")
                .query((rs, n) -> new Object[] {rs.getObject("id", UUID.class), rs.getString("name")})
                .list();
    }

    /** The value date and kind of the latest payment on the invoice (to the factor, or to the client). */
    public Optional<Object[]> lastPayment(InvoiceId id) {
        return jdbc.sql("""
                        select value_date, kind from (
                            select p.value_date, p.kind from payment_allocation a join payment p on p.id = a.payment_id
                            where a.invoice_id = ?
                            union all
                            select m.paid_on as value_date, 'ELECTRONIC' as kind from misdirected_payment m
                            where m.invoice_id = ?) x
                        order by value_date desc limit 1""")
                .params(id.value(), id.value())
                .query((rs, n) -> new Object[] {
                    rs.getObject("value_date", LocalDate.class), ReceiptKind.valueOf(rs.getString("kind"))
                })
                .optional();
    }

    /** The debtor a payer name was taught for, and whether it was since seen paying for another debtor. */
    public Optional<Object[]> debtorOfPayer(String payerKey) {
        return jdbc.sql("select debtor_id, shared from payer_alias where payer_key = ?")
                .param(payerKey)
                .query((rs, n) -> new Object[] {rs.getObject("debtor_id", UUID.class), rs.getBoolean("shared")})
                .optional();
    }

    /**
     * Teaches a payer name: the first debtor it is placed for. Placed later for another debtor, the name is
     * marked shared (a shared-service centre, a payables service) and recognises no debtor from then on.
     */
    public void teachPayer(String payerKey, DebtorId debtorId, String by, Instant at) {
        Optional<Object[]> known = debtorOfPayer(payerKey);
        if (known.isEmpty()) {
            jdbc.sql("""
                            insert into payer_alias (payer_key, debtor_id, created_by, created_at) values (?, ?, ?, ?)
                            on conflict do nothing""").params(payerKey, debtorId.value(), by, ts(at)).update();
        } else if (!debtorId.value().equals(known.get()[0])) {
            jdbc.sql("update payer_alias set shared = true where payer_key = ?")
                    .param(payerKey)
                    .update();
        }
    }

    public void replaceSuggestions(UUID paymentId, List<Object[]> rows) {
        jdbc.sql("delete from payment_suggestion where payment_id = ?")
                .param(paymentId)
                .update();
        for (Object[] r : rows) {
            jdbc.sql(
                            "insert into payment_suggestion (payment_id, invoice_id, amount, confidence, reason) values (?, ?, ?, ?, ?)")
                    .params(paymentId, r[0], r[1], r[2], r[3])
                    .update();
        }
    }

    public List<Object[]> suggestions(UUID paymentId) {
        return jdbc.sql("""
                        select s.invoice_id, i.invoice_number, s.amount, i.currency, s.confidence, s.reason
                        from payment_suggestion s join invoice i on i.id = s.invoice_id
                        where s.payment_id = ? order by s.confidence desc""")
                .param(paymentId)
                .query((rs, n) -> new Object[] {
                    rs.getObject("invoice_id", UUID.class),
                    rs.getString("invoice_number"),
                    Money.of(
                            rs.getBigDecimal("amount"),
                            Currency.getInstance(rs.getString("currency").trim())),
                    rs.getBigDecimal("confidence"),
                    rs.getString("reason")
                })
                .list();
    }

    public Optional<Payment> find(UUID id) {
        return jdbc.sql("select * from payment where id = ?")
                .param(id)
                .query(ReceiptRepository::map)
                .optional();
    }

    public List<Payment> page(UUID before, PaymentStatus status, UUID fileId, String text, int limit) {
        String like =
                text == null || text.isBlank() ? null : "%" + text.strip().toLowerCase(java.util.Locale.ROOT) + "%";
        return jdbc.sql("""
                        select * from payment
                        where (cast(? as uuid) is null or id < ?) and (cast(? as varchar) is null or status = ?)
                          and (cast(? as uuid) is null or bank_file_id = ?)
                          and (cast(? as varchar) is null or lower(coalesce(payer_name, '')) like ?
                               or lower(coalesce(remittance, '')) like ? or lower(coalesce(customer_reference, '')) like ?
                               or lower(reference) like ?)
                        order by id desc limit ?""")
                .params(
                        before,
                        before,
                        status == null ? null : status.name(),
                        status == null ? null : status.name(),
                        fileId,
                        fileId,
                        like,
                        like,
                        like,
                        like,
                        like,
                        limit)
                .query(ReceiptRepository::map)
                .list();
    }

    public List<Allocation> allocations(UUID paymentId) {
        return jdbc.sql("select * from payment_allocation where payment_id = ? order by created_at, id")
                .param(paymentId)
                .query((rs, n) -> new Allocation(
                        rs.getObject("id", UUID.class),
                        rs.getObject("payment_id", UUID.class),
                        new InvoiceId(rs.getObject("invoice_id", UUID.class)),
                        Money.of(
                                rs.getBigDecimal("amount"),
                                Currency.getInstance(rs.getString("currency").trim())),
                        rs.getBigDecimal("confidence"),
                        Allocation.Method.valueOf(rs.getString("method")),
                        rs.getString("created_by"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Unapplied cash per currency: what was received and not yet placed on invoices. */
    public List<Object[]> unappliedByCurrency() {
        return jdbc.sql("select currency, sum(amount - applied_amount) as open from payment group by currency")
                .query((rs, n) -> new Object[] {rs.getString("currency").trim(), rs.getBigDecimal("open")})
                .list();
    }

    private static Payment map(ResultSet rs, int n) throws SQLException {
        Currency c = Currency.getInstance(rs.getString("currency").trim());
        UUID debtor = rs.getObject("debtor_id", UUID.class);
        return new Payment(
                rs.getObject("id", UUID.class),
                rs.getString("reference"),
                rs.getObject("bank_file_id", UUID.class),
                rs.getString("source_ref"),
                rs.getObject("value_date", LocalDate.class),
                Money.of(rs.getBigDecimal("amount"), c),
                ReceiptKind.valueOf(rs.getString("kind")),
                rs.getString("payer_name"),
                rs.getString("payer_account"),
                rs.getString("bank_reference"),
                rs.getString("customer_reference"),
                rs.getString("remittance"),
                debtor == null ? null : new DebtorId(debtor),
                Money.of(rs.getBigDecimal("applied_amount"), c),
                PaymentStatus.valueOf(rs.getString("status")),
                rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getInt("version"));
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    /** How many payments are in one of the statuses, counted in the database and stopping at {@code cap + 1}. */
    public long countCapped(java.util.Collection<String> statuses, int cap) {
        return jdbc.sql("select count(*) from (select 1 from payment where status in (:statuses) limit :cap) x")
                .param("statuses", statuses)
                .param("cap", cap + 1)
                .query(Long.class)
                .single();
    }

    /** The sum of payments received (by value date) in the period, in the currency. */
    public BigDecimal receivedBetween(LocalDate from, LocalDate to, String currency) {
        return jdbc.sql("""
                        select coalesce(sum(amount), 0) from payment
                        where value_date >= ? and value_date <= ? and currency = ?""").params(from, to, currency).query(BigDecimal.class).single();
    }
}
