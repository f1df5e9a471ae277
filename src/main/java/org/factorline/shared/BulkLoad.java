package org.factorline.shared;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Writes many rows into one table at once, in the caller's transaction: {@code COPY … FROM STDIN} on
 * PostgreSQL, a JDBC batch elsewhere (H2). For the set-based paths (a large bank file), where one
 * {@code INSERT} per row would be most of the time. Table and column names are the caller's constants,
 * never input; values are sent as data (CSV for COPY, parameters for the batch).
 */
@Component
public class BulkLoad {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final int CHUNK = 8_192;

    private final DataSource dataSource;
    private volatile Boolean postgres;

    public BulkLoad(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The data source rows are written through (the caller's transaction's connection). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Whether the database is PostgreSQL (COPY, {@code UPDATE … FROM}); otherwise H2. */
    public boolean postgres() {
        Boolean p = postgres;
        if (p == null) {
            Connection c = DataSourceUtils.getConnection(dataSource);
            try {
                p = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } finally {
                DataSourceUtils.releaseConnection(c, dataSource);
            }
            postgres = p;
        }
        return p;
    }

    /**
     * Inserts the rows (each as many values as columns: String, Number, Boolean, UUID, LocalDate, Instant,
     * OffsetDateTime or null) into the table.
     */
    public void load(String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        if (!NAME.matcher(table).matches()
                || !columns.stream().allMatch(c -> NAME.matcher(c).matches())) {
            throw new IllegalArgumentException("not a table or column name: " + table + " " + columns);
        }
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            if (postgres()) {
                copy(c, table, columns, rows);
            } else {
                batch(c, table, columns, rows);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("bulk load into " + table + " failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    private static void copy(Connection c, String table, List<String> columns, List<Object[]> rows)
            throws SQLException, IOException {
        String sql = "copy " + table + " (" + String.join(", ", columns) + ") from stdin (format csv)";
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            // sized to the rows, up to a chunk's worth: a fixed megabyte for every call, however few the rows,
            // is a humongous allocation on a small heap, and a stream of them (one per audited request) keeps
            // the collector doing full-heap work
            java.io.ByteArrayOutputStream b =
                    new java.io.ByteArrayOutputStream((int) Math.min(1 << 20, 256L * Math.min(rows.size(), CHUNK)));
            int n = 0;
            for (Object[] row : rows) {
                // each row encoded on its own: a builder holding one character beyond Latin-1 (an arrow in an
                // audit summary) stays two bytes a character, and would make every later row slow to copy
                StringBuilder line = new StringBuilder(256);
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    csv(line, row[i]);
                }
                line.append('\n');
                b.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
                if (++n % CHUNK == 0) {
                    in.writeToCopy(b.toByteArray(), 0, b.size());
                    b.reset();
                }
            }
            in.writeToCopy(b.toByteArray(), 0, b.size());
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    /** One value as a CSV field for COPY: quoted, its quotes doubled; null as an unquoted empty field. */
    static void csv(StringBuilder b, Object v) {
        if (v == null) {
            return; // unquoted empty: NULL
        }
        String s;
        if (v instanceof Instant i) {
            s = OffsetDateTime.ofInstant(i, ZoneOffset.UTC).toString();
        } else if (v instanceof BigDecimal d) {
            s = d.toPlainString();
        } else {
            s = v.toString();
        }
        // the value appended whole, its quotes doubled by String.replace, not a character at a time (nor as
        // ranges, which a builder also copies a character at a time): audit lines carry long JSON
        b.append('"').append(s.indexOf('"') < 0 ? s : s.replace("\"", "\"\"")).append('"');
    }

    private static void batch(Connection c, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        String sql = "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int n = 0;
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    Object v = row[i];
                    if (v instanceof Instant t) {
                        v = OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
                    }
                    ps.setObject(i + 1, v);
                }
                ps.addBatch();
                if (++n % 1_000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }
}
