package org.factorline.reports.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.factorline.ledger.AccountCode;
import org.factorline.reports.ReportInfo;
import org.factorline.reports.ReportTable;
import org.factorline.reports.ReportTable.Column;
import org.factorline.reports.ReportTable.Filter;
import org.factorline.reports.ReportTable.Kind;
import org.factorline.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The accounting export: every posting of the journal whose entry is dated in the period, with the account
 * mapped to the factor's own chart ({@link AccountMap}). The page shows the movement per account; the CSV has
 * one line per posting (account code, account name, sub-account, date, debit, credit, entry reference, memo).
 */
@Component
class JournalExport implements ReportDefinition {

    private static final String POSTINGS = """
            select j.entry_number, j.business_date, j.memo, a.code, c.reference as client_reference, p.side, p.amount
            from journal_entry j
            join ledger_posting p on p.entry_id = j.id
            join ledger_account a on a.id = p.account_id
            left join client c on c.id = a.client_id
            where j.business_date >= :from and j.business_date <= :to and p.currency = :currency
            order by j.business_date, j.entry_number, p.line_no""";

    private final JdbcClient jdbc;
    private final AccountMap map;
    private final Clock clock;
    private final org.factorline.shared.BulkLoad database;

    JournalExport(JdbcClient jdbc, AccountMap map, Clock clock, org.factorline.shared.BulkLoad database) {
        this.database = database;
        this.jdbc = jdbc;
        this.map = map;
        this.clock = clock;
    }

    @Override
    public ReportInfo info() {
        return new ReportInfo(
                "journal",
                "Accounting export",
                "The ledger's journal for a period as CSV, mapped to the factor's own chart of accounts");
    }

    @Override
    public ReportTable run(Map<String, String> params) {
        Params p = new Params(params);
        LocalDate today = LocalDate.now(clock);
        LocalDate[] period = p.period(today.withDayOfMonth(1), today);
        Currency currency = p.currency();
        Map<AccountCode, BigDecimal[]> movement = new TreeMap<>();
        jdbc.sql("""
                        select a.code, p.side, sum(p.amount) as amount
                        from journal_entry j
                        join ledger_posting p on p.entry_id = j.id
                        join ledger_account a on a.id = p.account_id
                        where j.business_date >= :from and j.business_date <= :to and p.currency = :currency
                        group by a.code, p.side""")
                .param("from", period[0])
                .param("to", period[1])
                .param("currency", currency.getCurrencyCode())
                .query((rs, n) -> {
                    BigDecimal[] m = movement.computeIfAbsent(AccountCode.valueOf(rs.getString("code")), c ->
                            new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                    m["D".equals(rs.getString("side").trim()) ? 0 : 1] = rs.getBigDecimal("amount");
                    return null;
                })
                .list();
        List<Map<String, Object>> rows = new ArrayList<>();
        BigDecimal debits = BigDecimal.ZERO;
        BigDecimal credits = BigDecimal.ZERO;
        List<ReportTable.Chart.Value> bars = new ArrayList<>();
        for (Map.Entry<AccountCode, BigDecimal[]> e : movement.entrySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("account_code", map.code(e.getKey()));
            row.put("factorline_account", e.getKey().number());
            row.put("account_name", e.getKey().title());
            row.put("debit", Money.of(e.getValue()[0], currency));
            row.put("credit", Money.of(e.getValue()[1], currency));
            rows.add(row);
            debits = debits.add(e.getValue()[0]);
            credits = credits.add(e.getValue()[1]);
        }
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("account_code", "Total");
        totals.put("debit", Money.of(debits, currency));
        totals.put("credit", Money.of(credits, currency));
        return new ReportTable(
                "journal",
                "Journal " + period[0] + " to " + period[1],
                List.of(
                        Filter.date("from", "From", period[0]),
                        Filter.date("to", "To", period[1]),
                        Filter.text("currency", "Currency", currency.getCurrencyCode())),
                List.of(
                        new Column("account_code", "Account", Kind.TEXT),
                        new Column("factorline_account", "Factorline account", Kind.TEXT),
                        new Column("account_name", "Account name", Kind.TEXT),
                        new Column("debit", "Debits", Kind.MONEY),
                        new Column("credit", "Credits", Kind.MONEY)),
                rows,
                totals,
                List.of(
                        "Movement per account of the entries dated " + period[0] + " to " + period[1]
                                + "; the CSV has one line per posting. Debits equal credits.",
                        "Account codes are mapped with factorline.reports.account-map.<CODE> (name or number);"
                                + " unmapped accounts keep Factorline's number."),
                bars.isEmpty() ? null : ReportTable.Chart.of("", bars));
    }

    /** The CSV needs no table: its lines are the postings, written as they are read. */
    @Override
    public void streamCsv(Map<String, String> params, Writer out) {
        writeCsv(null, params, out);
    }

    /** Postings read from the database this many at a time, so a month's journal is never held in memory. */
    static final int FETCH = 2000;

    /** One posting as the CSV needs it, read from either database. */
    record Posting(
            long entryNumber,
            String businessDate,
            String memo,
            String code,
            String clientReference,
            boolean debit,
            String amount) {}

    @Override
    public void writeCsv(ReportTable table, Map<String, String> params, Writer out) {
        Params p = new Params(params);
        LocalDate today = LocalDate.now(clock);
        LocalDate[] period = p.period(today.withDayOfMonth(1), today);
        String currency = p.currency().getCurrencyCode();
        try {
            Csv.line(
                    out,
                    List.of(
                            "account_code",
                            "account_name",
                            "sub_account",
                            "date",
                            "debit",
                            "credit",
                            "entry_reference",
                            "memo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.function.Consumer<Posting> line = posting -> {
            AccountCode code = AccountCode.valueOf(posting.code());
            try {
                Csv.line(
                        out,
                        List.of(
                                map.code(code),
                                code.title(),
                                posting.clientReference() == null ? "" : posting.clientReference(),
                                posting.businessDate(),
                                posting.debit() ? posting.amount() : "",
                                posting.debit() ? "" : posting.amount(),
                                entryReference(posting.entryNumber()),
                                posting.memo() == null ? "" : posting.memo()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        if (database.postgres()) {
            copyOut(period[0], period[1], currency, line);
            return;
        }
        jdbc.sql(POSTINGS)
                .withFetchSize(FETCH)
                .param("from", period[0])
                .param("to", period[1])
                .param("currency", currency)
                .query(rs -> {
                    line.accept(new Posting(
                            rs.getLong("entry_number"),
                            rs.getObject("business_date", LocalDate.class).toString(),
                            rs.getString("memo"),
                            rs.getString("code"),
                            rs.getString("client_reference"),
                            "D".equals(rs.getString("side").trim()),
                            rs.getBigDecimal("amount").toPlainString()));
                });
    }

    /**
     * On PostgreSQL the postings stream through {@code COPY (query) TO STDOUT}, a row at a time as the server
     * sends them: a query read through a cursor (a fetch size) is planned without parallel workers, and this one
     * then took twice as long; {@code COPY} keeps them and still holds nothing. The period and currency are
     * literals in the statement ({@code COPY} takes no parameters): two ISO dates and an ISO 4217 code, checked.
     */
    private void copyOut(LocalDate from, LocalDate to, String currency, java.util.function.Consumer<Posting> line) {
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("not a currency code: " + currency);
        }
        String sql = "copy ("
                + POSTINGS.replace(":from", "date '" + from + "'")
                        .replace(":to", "date '" + to + "'")
                        .replace(":currency", "'" + currency + "'")
                + ") to stdout";
        java.sql.Connection c =
                org.springframework.jdbc.datasource.DataSourceUtils.getConnection(database.dataSource());
        try {
            org.postgresql.copy.CopyOut copy =
                    c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyOut(sql);
            try {
                byte[] row;
                while ((row = copy.readFromCopy()) != null) {
                    String[] f = copyFields(new String(row, java.nio.charset.StandardCharsets.UTF_8), 7);
                    line.accept(new Posting(Long.parseLong(f[0]), f[1], f[2], f[3], f[4], "D".equals(f[5]), f[6]));
                }
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("reading the journal's postings failed: " + e.getMessage(), e);
        } finally {
            org.springframework.jdbc.datasource.DataSourceUtils.releaseConnection(c, database.dataSource());
        }
    }

    /**
     * The fields of one row of {@code COPY}'s text format: separated by tabs, {@code \N} for null, and a backslash
     * before a backslash, b, f, n, r, t or v for the character it stands for (the only escapes {@code COPY TO} writes).
     */
    static String[] copyFields(String row, int count) {
        String text = row.endsWith("\n") ? row.substring(0, row.length() - 1) : row;
        String[] out = new String[count];
        int field = 0;
        StringBuilder b = new StringBuilder();
        boolean any = false;
        for (int i = 0; i <= text.length(); i++) {
            char ch = i < text.length() ? text.charAt(i) : '\t';
            if (ch == '\t') {
                String v = b.toString();
                if (field >= count) {
                    throw new IllegalStateException("a journal row with more than " + count + " fields: " + row);
                }
                out[field++] = "\\N".equals(v) && !any ? null : v;
                b.setLength(0);
                any = false;
            } else if (ch == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                if (next == 'N') {
                    b.append("\\N");
                    continue;
                }
                any = true;
                b.append(
                        switch (next) {
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'v' -> '\u000B';
                            default -> next;
                        });
            } else {
                b.append(ch);
            }
        }
        if (field != count) {
            throw new IllegalStateException("a journal row with " + field + " fields, not " + count + ": " + row);
        }
        return out;
    }

    /** {@code JE-} and the entry number, at least six digits. */
    static String entryReference(long number) {
        String digits = Long.toString(number);
        return digits.length() >= 6 ? "JE-" + digits : "JE-" + "000000".substring(digits.length()) + digits;
    }
}
