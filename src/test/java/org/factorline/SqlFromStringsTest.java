package org.factorline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No SQL is built from strings: every statement handed to {@code JdbcClient.sql(…)} or
 * {@code JdbcTemplate.batchUpdate(…)} is a string literal (or a constant that is one), with values bound as
 * parameters. The source is read, not the bytecode, because the compiler folds literals and hides the
 * difference. The few places that assemble a statement (a dynamic WHERE clause, a multi-row INSERT) are
 * listed below with how many such calls they make and why nothing from outside can reach the SQL text;
 * a new one, anywhere, fails this test until it is reviewed and listed.
 */
class SqlFromStringsTest {

    static final Path MAIN = Path.of("src/main/java/org/factorline");

    record Allowed(int calls, String reason) {}

    /** File (under org/factorline) → the assembled statements it may hand over, and why they are safe. */
    static final Map<String, Allowed> ALLOWED = Map.ofEntries(
            Map.entry(
                    "funding/internal/FundingRepository.java",
                    new Allowed(
                            9,
                            "multi-row INSERTs of '(?, ?, …)' groups; a WHERE of fixed 'and r.x = ?' clauses chosen"
                                    + " by which filters are given; 'in (?, ?, …)' lists; claim()'s column is one of"
                                    + " the literals Funding passes (first_approved, approved, funded, cancelled);"
                                    + " updateFromStage's temporary table name and columns, literals at its two"
                                    + " callers")),
            Map.entry(
                    "invoices/internal/InvoiceRepository.java",
                    new Allowed(2, "'in (?, ?, …)' placeholder lists, one ? per id; the ids are bound")),
            Map.entry(
                    "ledger/internal/LedgerRepository.java",
                    new Allowed(
                            4,
                            "a multi-row INSERT of '(?, …)' groups; a WHERE of fixed 'and e.x = ?' clauses; an"
                                    + " 'in (?, …)' list; nextValues' nextval of a sequence named by a literal at its"
                                    + " one caller, from generate_series or system_range by the database")),
            Map.entry(
                    "outreach/internal/OutreachMetrics.java",
                    new Allowed(1, "count(sql, param) is private and only ever given literal statements")),
            Map.entry(
                    "outreach/internal/OutreachRepository.java",
                    new Allowed(
                            9,
                            "column names only from the PAIR_COLUMNS / INVOICE_COLUMNS sets (checked before use) or"
                                    + " literal names passed to eq(); optional literal scope clauses with bound"
                                    + " :scope lists; LIMIT appends an int")),
            Map.entry(
                    "payouts/internal/PayoutRepository.java",
                    new Allowed(
                            2,
                            "an optional literal 'and id in (:ids)'; the SET clause is one of two literals chosen"
                                    + " by a switch on the target status")),
            Map.entry(
                    "notifications/internal/NotificationRepository.java",
                    new Allowed(
                            4,
                            "the AFTER constant formatted with literal column names; an optional literal"
                                    + " 'and endpoint_id = ?'; the column list is a constant; values and limits bound")),
            Map.entry(
                    "receipts/internal/ReceiptRepository.java",
                    new Allowed(
                            9,
                            "nextval of a sequence whose name is a literal at every caller (Receipts,"
                                    + " BankFileImports, BulkCashApplication); a WHERE that is one of two literals with"
                                    + " bound values; the aging column is due_date or issue_date, checked before use;"
                                    + " the set-based look-ups' temporary table name, column type and WHERE are"
                                    + " literals chosen by openInvoicesNumberedMany / openInvoicesOfMany, values bound"
                                    + " or COPYed")),
            Map.entry(
                    "settlement/internal/SettlementRepository.java",
                    new Allowed(
                            2,
                            "INSERT_CHARGEBACK and INSERT_CLOSE_OUT: insert statements built once from a literal"
                                    + " table name and a constant list of literal column names (the same list the bulk"
                                    + " load writes), with positional parameters; values bound")),
            Map.entry(
                    "reports/internal/AgingReport.java",
                    new Allowed(
                            1,
                            "the AS_OF constant formatted with a literal group column, a CASE of literal columns"
                                    + " chosen by a switch and numbered :dK parameters, the shared Book.LATE constant"
                                    + " and optional literal filter clauses with bound values")),
            Map.entry(
                    "reports/internal/ContactsReport.java",
                    new Allowed(
                            1,
                            "one of four constant statements formatted with a Grouping's literal select list and"
                                    + " GROUP BY and optional literal 'and x.client_id = :client' filters; values bound")),
            Map.entry(
                    "reports/internal/ConcentrationReport.java",
                    new Allowed(
                            1,
                            "the BookDays.pairsAsOf query (literal constants) wrapped in literal SQL; values bound")),
            Map.entry(
                    "reports/internal/BookDays.java",
                    new Allowed(
                            2,
                            "the shared Book.MOVEMENTS_BETWEEN constant (its date parameters renamed) wrapped in literal"
                                    + " SQL; values bound")),
            Map.entry(
                    "reports/internal/CeiReport.java",
                    new Allowed(
                            1,
                            "CASEs over literal columns with numbered :dK parameters; the BookDays.byDueDateUpTo"
                                    + " query (literal constants); an optional literal client clause; values bound")),
            Map.entry(
                    "reports/internal/CashReconciliationReport.java",
                    new Allowed(
                            2,
                            "the LEDGER_DAILY and OPENING constants: literal SQL around the shared LedgerDays.DAYS"
                                    + " constant; values bound")),
            Map.entry(
                    "reports/internal/DilutionReport.java",
                    new Allowed(
                            1,
                            "the BookDays.between query (literal constants) wrapped in literal SQL, grouped by one"
                                    + " of two literal columns; optional literal"
                                    + " filter clauses with bound values")),
            Map.entry(
                    "reports/internal/DsoReport.java",
                    new Allowed(1, "the shared Book.OPEN constant wrapped in literal SQL; values bound")),
            Map.entry(
                    "reports/internal/FundsEmployedReport.java",
                    new Allowed(1, "the shared Book.EMPLOYED constant wrapped in literal SQL; values bound")),
            Map.entry(
                    "reports/internal/Names.java",
                    new Allowed(1, "labels(sql, ids) is private and only ever given literal statements; ids bound")),
            Map.entry(
                    "reports/internal/ReserveReport.java",
                    new Allowed(
                            2,
                            "the shared Book.OPEN and LedgerDays.DAYS constants, each wrapped in literal SQL;"
                                    + " values bound")),
            Map.entry(
                    "reports/internal/VerificationReport.java",
                    new Allowed(
                            1,
                            "the constant PER_INVOICE and AGGREGATES with a Grouping's literal select list and GROUP"
                                    + " BY and optional literal filter clauses; values bound")),
            Map.entry(
                    "risk/internal/OverrideRepository.java",
                    new Allowed(1, "an 'in (?, ?, …)' placeholder list per chunk of ids; the ids are bound")));

    record Hit(String file, int line, String argument) {
        @Override
        public String toString() {
            return file + ":" + line + ": sql(" + argument.strip().replaceAll("\\s+", " ") + ")";
        }
    }

    @Test
    void everyStatementIsALiteralOrAReviewedAssembly() throws IOException {
        Map<String, List<Hit>> built = new TreeMap<>();
        for (Hit hit : scan()) {
            built.computeIfAbsent(hit.file(), f -> new ArrayList<>()).add(hit);
        }
        List<String> problems = new ArrayList<>();
        built.forEach((file, hits) -> {
            Allowed allowed = ALLOWED.get(file);
            if (allowed == null || allowed.calls() != hits.size()) {
                problems.add("%s assembles %d statement(s)%s:%n  %s"
                        .formatted(
                                file,
                                hits.size(),
                                allowed == null ? ", none allowed" : ", " + allowed.calls() + " reviewed",
                                String.join(
                                        "\n  ", hits.stream().map(Hit::toString).toList())));
            }
        });
        ALLOWED.keySet().stream()
                .filter(f -> !built.containsKey(f))
                .forEach(f -> problems.add(f + " is listed but assembles no statement any more: remove it"));
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void theScannerSeesAssembledStatementsAndPassesLiterals() {
        String source = """
                class X {
                    static final String INSERT = \"""
                            insert into t (a) values (?)\""";
                    static final String BUILT = "select * from " + table;
                    void a() {
                        jdbc.sql("select 1 from t where a = ?").param(1);
                        jdbc.sql(\"""
                                select (a, b)
                                from t\""").query();
                        jdbc.sql("select a " + "from t, (select 1) x").query();
                        jdbc.sql(INSERT).update();
                        jdbc.sql("select " + INSERT + " from t").update();
                        jdbc.sql("select * from t where name = '" + name + "'").query();
                        jdbc.sql(sql.toString()).query();
                        jdbc.sql("select * from %s".formatted(table)).query();
                        template.batchUpdate(BUILT, rows);
                    }
                }
                """;
        List<Hit> hits = scan("X.java", source);
        assertThat(hits).extracting(Hit::line).containsExactly(13, 14, 15, 16);
    }

    static List<Hit> scan() throws IOException {
        List<Hit> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String name = MAIN.relativize(p).toString().replace('\\', '/');
                hits.addAll(scan(name, Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        return hits;
    }

    private static final Pattern CALL = Pattern.compile("\\.(sql|batchUpdate)\\(");
    private static final Pattern CONSTANT = Pattern.compile("[A-Z][A-Z0-9_]*");

    static List<Hit> scan(String file, String source) {
        List<Hit> hits = new ArrayList<>();
        Matcher m = CALL.matcher(source);
        while (m.find()) {
            if (inStringOrComment(source, m.start())) {
                continue;
            }
            String argument = firstArgument(source, m.end());
            if (!isLiteral(argument, source)) {
                int line = (int) source.substring(0, m.start())
                                .chars()
                                .filter(c -> c == '\n')
                                .count()
                        + 1;
                hits.add(new Hit(file, line, argument));
            }
        }
        return hits;
    }

    /** Only string literals and constants that are string literals, joined by +. */
    static boolean isLiteral(String argument, String source) {
        String bare = withoutStrings(argument).replaceAll("\\s+", "");
        for (String part : bare.split("\\+", -1)) {
            if (!part.equals("\"\"") && !isLiteralConstant(part, source)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLiteralConstant(String name, String source) {
        if (!CONSTANT.matcher(name).matches()) {
            return false;
        }
        Matcher declared = Pattern.compile("static\\s+final\\s+String\\s+" + name + "\\s*=")
                .matcher(source);
        if (!declared.find()) {
            return false;
        }
        String init = withoutStrings(expression(source, declared.end(), ';')).replaceAll("\\s+", "");
        return init.matches("\"\"(\\+\"\")*");
    }

    /** The text from {@code from} to the first top-level comma or closing parenthesis. */
    static String firstArgument(String s, int from) {
        int depth = 0;
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                i = endOfString(s, i);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
            i++;
        }
        return s.substring(from, i);
    }

    static String expression(String s, int from, char end) {
        int i = from;
        while (i < s.length() && s.charAt(i) != end) {
            i = s.charAt(i) == '"' ? endOfString(s, i) : i + 1;
        }
        return s.substring(from, i);
    }

    /** Index just after the string literal or text block that starts at {@code i}. */
    static int endOfString(String s, int i) {
        if (s.startsWith("\"\"\"", i)) {
            int close = s.indexOf("\"\"\"", i + 3);
            while (close > 0 && s.charAt(close - 1) == '\\') {
                close = s.indexOf("\"\"\"", close + 1);
            }
            return close + 3;
        }
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"') {
            j += s.charAt(j) == '\\' ? 2 : 1;
        }
        return j + 1;
    }

    static String withoutStrings(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == '"') {
                i = endOfString(s, i);
                out.append("\"\"");
            } else if (s.startsWith("//", i)) {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl;
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }

    /** Whether {@code at} lies inside a string, a text block or a comment (so the "call" is only text). */
    static boolean inStringOrComment(String s, int at) {
        int i = 0;
        while (i < at) {
            char c = s.charAt(i);
            if (c == '"') {
                int end = endOfString(s, i);
                if (end > at) {
                    return true;
                }
                i = end;
            } else if (c == '\'') {
                i = s.indexOf('\'', i + (s.charAt(i + 1) == '\\' ? 3 : 2)) + 1;
            } else if (s.startsWith("//", i)) {
                int nl = s.indexOf('\n', i);
                if (nl < 0 || nl > at) {
                    return true;
                }
                i = nl;
            } else if (s.startsWith("/*", i)) {
                int close = s.indexOf("*/", i + 2);
                if (close < 0 || close > at) {
                    return true;
                }
                i = close + 2;
            } else {
                i++;
            }
        }
        return false;
    }
}
