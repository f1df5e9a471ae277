package org.factorline.invoices.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.factorline.shared.FieldProblem;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

/**
 * The set-based import of a schedule on PostgreSQL: the checked lines of the file are streamed with
 * {@code COPY} into a temporary table of the importing transaction (dropped when it ends), the checks that
 * need the rest of the file or the database run there as a few statements over the whole file, and the
 * invoices and their first timeline step are written with one {@code INSERT … SELECT} each. Nothing of the
 * file is held in memory. H2 has no {@code COPY}; there the importer writes JDBC batches instead.
 */
@Repository
public class ScheduleStaging {

    /** The columns of a staged line, in the order {@link Copy#add} writes them. */
    private static final String COPY = """
            copy schedule_staging (line, invoice_id, change_id, invoice_number, number_key, debtor_text, po_number,
                                   issue_date, terms_days, due_date, amount, amount_text, currency, scale_ok, verify)
            from stdin""";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private volatile Boolean postgres;

    public ScheduleStaging(DataSource dataSource, JdbcClient jdbc, JdbcTemplate template) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Whether the database can take the file through {@code COPY} (PostgreSQL), or the batch path is used. */
    public boolean available() {
        Boolean pg = postgres;
        if (pg == null) {
            Connection c = DataSourceUtils.getConnection(dataSource);
            try {
                pg = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName())
                        && c.isWrapperFor(PGConnection.class);
            } catch (SQLException e) {
                pg = false;
            } finally {
                DataSourceUtils.releaseConnection(c, dataSource);
            }
            postgres = pg;
        }
        return pg;
    }

    /** One line that passed the text checks, with what the importer worked out for it. */
    public record Line(
            long line,
            UUID invoiceId,
            UUID changeId,
            String number,
            String numberKey,
            String debtor,
            String poNumber,
            LocalDate issueDate,
            int termsDays,
            LocalDate dueDate,
            BigDecimal amount,
            String amountText,
            String currency,
            boolean scaleOk,
            boolean verify) {}

    /**
     * Makes the staging tables in the current transaction and opens the {@code COPY} into them. Until the
     * copy is {@linkplain Copy#finish() finished} the connection takes no other statement.
     */
    public Copy open() {
        jdbc.sql("drop table if exists pg_temp.schedule_staging").update();
        jdbc.sql("drop table if exists pg_temp.schedule_staging_debtor").update();
        jdbc.sql("drop table if exists pg_temp.schedule_staging_problem").update();
        // the joins and the duplicate check below hash the whole file; give them room (this transaction only);
        // and each statement here runs once: compiling it to machine code (JIT) costs more than it saves
        jdbc.sql("select set_config('work_mem', '128MB', true)").query().singleValue();
        jdbc.sql("select set_config('jit', 'off', true)").query().singleValue();
        jdbc.sql("""
                        create temp table schedule_staging (
                            line bigint not null, invoice_id uuid not null, change_id uuid not null,
                            invoice_number text not null, number_key text not null, debtor_text text not null,
                            po_number text, issue_date date not null, terms_days integer not null,
                            due_date date not null, amount numeric not null, amount_text text not null,
                            currency text not null, scale_ok boolean not null, verify boolean not null
                        ) on commit drop""").update();
        jdbc.sql("""
                        create temp table schedule_staging_debtor (
                            debtor_text text primary key, debtor_id uuid, status text
                        ) on commit drop""").update();
        jdbc.sql("""
                        create temp table schedule_staging_problem (
                            line bigint not null, ord integer not null, field text not null, value text,
                            message text not null
                        ) on commit drop""").update();
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
            return new Copy(in);
        } catch (SQLException e) {
            throw new IllegalStateException("could not start the COPY of a schedule: " + e.getMessage(), e);
        } finally {
            // the transaction keeps the connection (and the copy on it) until it ends
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    /** The open {@code COPY}: lines in PostgreSQL's text format, written through a 64 KB buffer. */
    public static final class Copy implements AutoCloseable {
        private final CopyIn in;
        private final Writer out;
        private final StringBuilder row = new StringBuilder(256);
        private long lines;
        private boolean done;

        Copy(CopyIn in) {
            this.in = in;
            this.out = new BufferedWriter(
                    new OutputStreamWriter(new PGCopyOutputStream(in, 64 * 1024), StandardCharsets.UTF_8), 64 * 1024);
        }

        public void add(Line l) {
            row.setLength(0);
            row.append(l.line()).append('\t');
            row.append(l.invoiceId()).append('\t');
            row.append(l.changeId()).append('\t');
            field(l.number());
            field(l.numberKey());
            field(l.debtor());
            field(l.poNumber());
            row.append(l.issueDate()).append('\t');
            row.append(l.termsDays()).append('\t');
            row.append(l.dueDate()).append('\t');
            row.append(l.amount().toPlainString()).append('\t');
            field(l.amountText());
            field(l.currency());
            row.append(l.scaleOk() ? 't' : 'f').append('\t');
            row.append(l.verify() ? 't' : 'f').append('\n');
            try {
                out.append(row);
            } catch (IOException e) {
                // the database refused the copy: not a problem of the file, so not reported as one
                throw new DataAccessResourceFailureException("the COPY of a schedule failed: " + e.getMessage(), e);
            }
            lines++;
        }

        /** A text value escaped for {@code COPY}'s text format; PostgreSQL text holds no NUL, so it becomes U+FFFD. */
        private void field(String v) {
            if (v == null) {
                row.append("\\N\t");
                return;
            }
            for (int i = 0; i < v.length(); i++) {
                char ch = v.charAt(i);
                switch (ch) {
                    case '\\' -> row.append("\\\\");
                    case '\t' -> row.append("\\t");
                    case '\n' -> row.append("\\n");
                    case '\r' -> row.append("\\r");
                    case '\0' -> row.append('\uFFFD');
                    default -> row.append(ch);
                }
            }
            row.append('\t');
        }

        /** Ends the copy; returns the lines staged. */
        public long finish() {
            if (!done) {
                done = true;
                try {
                    out.close();
                } catch (IOException e) {
                    throw new DataAccessResourceFailureException("the COPY of a schedule failed: " + e.getMessage(), e);
                }
            }
            return lines;
        }

        /** Cancels a copy that was not finished (an unexpected failure while reading), so the connection is usable. */
        @Override
        public void close() {
            if (!done) {
                done = true;
                try {
                    if (in.isActive()) {
                        in.cancelCopy();
                    }
                } catch (SQLException e) {
                    // the transaction rolls back anyway
                }
            }
        }
    }

    /**
     * Resolves every distinct debtor text of the file once: the texts go into a table of their own, are read
     * back a thousand at a time, and {@code resolve} answers each with the debtor's id and status (or none).
     */
    public void resolveDebtors(Function<String, Resolved> resolve) {
        jdbc.sql("insert into schedule_staging_debtor (debtor_text) select distinct debtor_text from schedule_staging")
                .update();
        String after = "";
        while (true) {
            List<String> texts = jdbc.sql("""
                            select debtor_text from schedule_staging_debtor where debtor_text > ?
                            order by debtor_text limit 1000""").param(after).query(String.class).list();
            if (texts.isEmpty()) {
                return;
            }
            List<Object[]> found = new ArrayList<>();
            for (String t : texts) {
                Resolved r = resolve.apply(t);
                if (r != null) {
                    found.add(new Object[] {r.debtorId(), r.status(), t});
                }
            }
            if (!found.isEmpty()) {
                template.batchUpdate(
                        "update schedule_staging_debtor set debtor_id = ?, status = ? where debtor_text = ?", found);
            }
            after = texts.get(texts.size() - 1);
        }
    }

    /** A debtor the file names, as the importer may use it. */
    public record Resolved(UUID debtorId, String status) {}

    /**
     * The checks over the whole file, as the batch path makes them line by line: a number repeated in the
     * file, a debtor unknown or not active, a currency other than the agreement's, an amount finer than the
     * currency; then, on the lines with none of these, a number the client already used. Found problems are
     * kept in the problem table; {@link #problems} reads them.
     */
    public void check(UUID clientId, String agreementCurrency, String unknownDebtor) {
        jdbc.sql("analyze schedule_staging").update();
        jdbc.sql("""
                        insert into schedule_staging_problem (line, ord, field, value, message)
                        select s.line, 1, 'invoice_number', s.invoice_number,
                               'appears twice in the file (first on line ' || f.first_line || ')'
                        from schedule_staging s
                        join (select invoice_number, min(line) as first_line from schedule_staging
                              group by invoice_number having count(*) > 1) f
                          on f.invoice_number = s.invoice_number and s.line > f.first_line
                        union all
                        select s.line, 2, 'debtor', s.debtor_text,
                               case when d.debtor_id is null then :unknown
                                    else 'is ' || d.status || '; invoices on it are not accepted' end
                        from schedule_staging s join schedule_staging_debtor d on d.debtor_text = s.debtor_text
                        where d.debtor_id is null or d.status <> 'ACTIVE'
                        union all
                        select line, 3, 'currency', currency, 'must be ' || :currency || ', the agreement''s currency'
                        from schedule_staging where currency <> :currency
                        union all
                        select line, 4, 'amount', amount_text, 'has more decimals than ' || currency || ' allows'
                        from schedule_staging where not scale_ok""")
                .param("unknown", unknownDebtor)
                .param("currency", agreementCurrency)
                .update();
        jdbc.sql("""
                        insert into schedule_staging_problem (line, ord, field, value, message)
                        select s.line, 5, 'invoice_number', s.invoice_number, 'was already submitted by this client'
                        from schedule_staging s
                        join invoice i on i.client_id = :client and i.invoice_number = s.invoice_number
                        where not exists (select 1 from schedule_staging_problem p where p.line = s.line)""").param("client", clientId).update();
    }

    /**
     * The sum of the lines with no problem, which a schedule's total must hold. Past {@code max}, the lines are
     * walked in file order as the batch path does, and each line that would carry the total past it is refused.
     */
    public BigDecimal checkTotal(BigDecimal max, String message) {
        BigDecimal sum = jdbc.sql("""
                        select coalesce(sum(amount), 0) from schedule_staging s
                        where not exists (select 1 from schedule_staging_problem p where p.line = s.line)""").query(BigDecimal.class).single();
        if (sum.compareTo(max) <= 0) {
            return sum;
        }
        List<Object[]> refused = new ArrayList<>();
        BigDecimal[] running = {BigDecimal.ZERO};
        jdbc.sql("""
                        select line, amount, amount_text from schedule_staging s
                        where not exists (select 1 from schedule_staging_problem p where p.line = s.line)
                        order by line""").query(rs -> {
            BigDecimal next = running[0].add(rs.getBigDecimal("amount"));
            if (next.compareTo(max) > 0) {
                refused.add(new Object[] {rs.getLong("line"), rs.getString("amount_text")});
            } else {
                running[0] = next;
            }
        });
        for (int i = 0; i < refused.size(); i += 1000) {
            List<Object[]> part = refused.subList(i, Math.min(refused.size(), i + 1000));
            List<Object[]> rows = new ArrayList<>();
            part.forEach(r -> rows.add(new Object[] {r[0], r[1], message}));
            template.batchUpdate(
                    "insert into schedule_staging_problem (line, ord, field, value, message) values (?, 6, 'amount', ?, ?)",
                    rows);
        }
        return running[0];
    }

    /** The first {@code limit} problems in line order, and how many there are on how many lines. */
    public Found problems(int limit) {
        Object[] counts = jdbc.sql("select count(*), count(distinct line) from schedule_staging_problem")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2)})
                .single();
        List<FieldProblem> listed = jdbc.sql("""
                        select line, field, value, message from schedule_staging_problem
                        order by line, ord limit ?""")
                .param(limit)
                .query((rs, n) -> FieldProblem.atLine(
                        rs.getLong("line"), rs.getString("field"), rs.getString("value"), rs.getString("message")))
                .list();
        return new Found(listed, (Long) counts[0], (Long) counts[1]);
    }

    /** Problems found in the database. */
    public record Found(List<FieldProblem> listed, long total, long lines) {}

    /**
     * The staged lines that look like other clients' invoices (the same debtor, day, amount and currency), read
     * before the lines are written, so that the file's own lines are never among the candidates: a file of
     * recurring invoices would otherwise meet each line's twins once per line. Lines with the same fingerprint
     * share one read of the index.
     */
    public List<InvoiceRepository.Lookalike> lookalikes(UUID clientId) {
        return jdbc.sql("""
                        select s.invoice_id, s.number_key, o.id as other_id, o.number_key as other_key
                        from schedule_staging s
                        join schedule_staging_debtor d on d.debtor_text = s.debtor_text
                        join invoice o on o.debtor_id = d.debtor_id and o.issue_date = s.issue_date
                                      and o.face_amount = s.amount and o.currency = s.currency
                                      and o.client_id <> :client
                        order by s.invoice_id, o.id""")
                .param("client", clientId)
                .query((rs, n) -> new InvoiceRepository.Lookalike(
                        new org.factorline.invoices.InvoiceId(rs.getObject("invoice_id", UUID.class)),
                        rs.getString("number_key"),
                        new org.factorline.invoices.InvoiceId(rs.getObject("other_id", UUID.class)),
                        rs.getString("other_key")))
                .list();
    }

    /** Writes the staged invoices and their first timeline step; returns how many invoices were written. */
    public int insert(UUID clientId, UUID scheduleId, UUID agreementId, Instant now, String actor, String reason) {
        java.time.OffsetDateTime at = InvoiceRepository.ts(now);
        int n = jdbc.sql("""
                        insert into invoice (id, client_id, debtor_id, schedule_id, agreement_id, invoice_number,
                                             number_key, po_number, issue_date, terms_days, due_date, face_amount,
                                             currency, status, verification_status, flagged, flag_reason,
                                             created_at, updated_at, version)
                        select s.invoice_id, :client, d.debtor_id, :schedule, :agreement, s.invoice_number,
                               s.number_key, s.po_number, s.issue_date, s.terms_days, s.due_date, s.amount,
                               s.currency, 'SUBMITTED', case when s.verify then 'PENDING' else 'NOT_REQUIRED' end,
                               false, null, :at, :at, 0
                        from schedule_staging s join schedule_staging_debtor d on d.debtor_text = s.debtor_text""")
                .param("client", clientId)
                .param("schedule", scheduleId)
                .param("agreement", agreementId)
                .param("at", at)
                .update();
        jdbc.sql("""
                        insert into invoice_status_change (id, invoice_id, from_status, to_status, occurred_at, actor,
                                                           reason)
                        select change_id, invoice_id, null, 'SUBMITTED', :at, :actor, :reason from schedule_staging""")
                .param("at", at)
                .param("actor", actor)
                .param("reason", reason)
                .update();
        return n;
    }

    /** Each debtor of the file with its earliest issue date: where the client's relationship with it starts. */
    public void firstIssueByDebtor(BiConsumer<UUID, LocalDate> each) {
        jdbc.sql("""
                        select d.debtor_id, min(s.issue_date) as since
                        from schedule_staging s join schedule_staging_debtor d on d.debtor_text = s.debtor_text
                        group by d.debtor_id""").query(rs -> {
            each.accept(rs.getObject("debtor_id", UUID.class), rs.getObject("since", LocalDate.class));
        });
    }
}
