package org.factorline.clients;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.shared.ClientRecords;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Everything the factor holds about one client, as a ZIP: one CSV file per kind of record, each module
 * writing its own records ({@link ClientRecords}), the invoice documents and message attachments as files,
 * and a {@code manifest.json} last with each file's record count and SHA-256 and the time of the export.
 * For a client leaving, a regulator's request or a dispute. Rows are written as they are read, so a big
 * client's export is never held in memory; the reading runs in one read-only transaction, so the files
 * agree with each other.
 *
 * <p>Administrators and auditors (who read everything anyway) may export; every export is in the audit log
 * before the first byte leaves.
 */
@Service
public class ClientExport {

    static final int FETCH_SIZE = 500;

    private final Clients clients;
    private final List<ClientRecords> sources;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate write;
    private final TransactionTemplate read;

    public ClientExport(
            Clients clients,
            List<ClientRecords> sources,
            DataSource dataSource,
            AuditLog audit,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.clients = clients;
        // clients first, then the modules in a fixed order, so two exports list their files alike
        this.sources =
                sources.stream().sorted((a, b) -> order(a).compareTo(order(b))).toList();
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(FETCH_SIZE);
        this.audit = audit;
        this.clock = clock;
        this.write = new TransactionTemplate(transactions);
        this.read = new TransactionTemplate(transactions);
        this.read.setReadOnly(true);
        this.read.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    private static String order(ClientRecords source) {
        String name = source.getClass().getName();
        return (name.startsWith(ClientExport.class.getPackageName() + ".") ? "0" : "1") + name;
    }

    /**
     * Checks the actor may export the client (else refuses, or answers "not found") and records the export
     * in the audit log; returns the client, whose records {@link #write} then streams.
     */
    public Client authorize(ClientId id) {
        Actor actor = CurrentActor.get();
        actor.requireRole(Role.ADMIN, Role.AUDITOR);
        Client client = clients.get(id);
        write.executeWithoutResult(s -> audit.record(
                "client.exported",
                "client",
                id.value(),
                id.value(),
                "Exported all records of " + client.legalName() + " (" + client.reference() + ")",
                null,
                null));
        return client;
    }

    /** The file name to offer: the client's reference and the day. */
    public String fileName(Client client) {
        return "factorline-" + client.reference().replaceAll("[^A-Za-z0-9_-]", "_") + "-"
                + clock.instant().toString().substring(0, 10) + ".zip";
    }

    /** Streams the client's records as a ZIP to {@code out}; call {@link #authorize} first. */
    public void write(Client client, OutputStream out) {
        Actor actor = CurrentActor.get();
        actor.requireRole(Role.ADMIN, Role.AUDITOR);
        Instant generatedAt = clock.instant();
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        ZipSink sink = new ZipSink(zip);
        read.executeWithoutResult(s -> {
            for (ClientRecords source : sources) {
                source.export(client.id().value(), sink);
            }
        });
        try {
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(manifest(client, actor, generatedAt, sink.written).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.finish();
            zip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Written(String name, long records, long bytes, String sha256) {}

    private static String manifest(Client client, Actor actor, Instant generatedAt, List<Written> files) {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"format\": \"factorline-client-export/1\",\n");
        json.append("  \"clientId\": ")
                .append(quote(client.id().value().toString()))
                .append(",\n");
        json.append("  \"clientReference\": ").append(quote(client.reference())).append(",\n");
        json.append("  \"clientName\": ").append(quote(client.legalName())).append(",\n");
        json.append("  \"generatedAt\": ").append(quote(generatedAt.toString())).append(",\n");
        json.append("  \"generatedBy\": ").append(quote(actor.username())).append(",\n");
        json.append("  \"files\": [");
        for (int i = 0; i < files.size(); i++) {
            Written w = files.get(i);
            json.append(i == 0 ? "\n" : ",\n")
                    .append("    {\"name\": ")
                    .append(quote(w.name()))
                    .append(", \"records\": ")
                    .append(w.records())
                    .append(", \"bytes\": ")
                    .append(w.bytes())
                    .append(", \"sha256\": ")
                    .append(quote(w.sha256()))
                    .append('}');
        }
        return json.append("\n  ]\n}\n").toString();
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    /** Writes each file into the ZIP as its rows arrive, counting them and hashing the bytes. */
    private final class ZipSink implements ClientRecords.Sink {

        private final ZipOutputStream zip;
        private final List<Written> written = new ArrayList<>();
        private final Set<String> names = new HashSet<>();

        ZipSink(ZipOutputStream zip) {
            this.zip = zip;
        }

        @Override
        public void csv(String name, String sql, Object... params) {
            String file = name + ".csv";
            Entry entry = open(file);
            long[] rows = {0};
            try {
                Writer out = new java.io.OutputStreamWriter(entry.stream, StandardCharsets.UTF_8);
                jdbc.query(
                        sql,
                        rs -> {
                            ResultSetMetaData meta = rs.getMetaData();
                            try {
                                if (rows[0] == 0) {
                                    header(out, meta);
                                }
                                row(out, rs, meta);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            rows[0]++;
                        },
                        params);
                if (rows[0] == 0) {
                    // no rows: still the header, read from the statement's own columns
                    jdbc.query(
                            sql,
                            (ResultSet rs) -> {
                                try {
                                    header(out, rs.getMetaData());
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                                return null;
                            },
                            params);
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            close(entry, file, rows[0]);
        }

        @Override
        public void files(String folder, String sql, Object... params) {
            jdbc.query(
                    sql,
                    rs -> {
                        String file = folder + "/" + rs.getObject(1) + "-" + safe(rs.getString(2));
                        Entry entry = open(file);
                        try {
                            entry.stream.write(rs.getBytes(3));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        close(entry, file, 1);
                    },
                    params);
        }

        private record Entry(DigestOutputStream stream, long[] bytes) {}

        private Entry open(String file) {
            if (!names.add(file)) {
                throw new IllegalStateException("two parts of the export are both named " + file);
            }
            try {
                zip.putNextEntry(new ZipEntry(file));
                long[] bytes = {0};
                OutputStream counting = new FilterOutputStream(zip) {
                    @Override
                    public void write(int b) throws IOException {
                        zip.write(b);
                        bytes[0]++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        zip.write(b, off, len);
                        bytes[0] += len;
                    }

                    @Override
                    public void close() {
                        // the entry is closed by the sink, the ZIP by its owner
                    }
                };
                return new Entry(new DigestOutputStream(counting, MessageDigest.getInstance("SHA-256")), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private void close(Entry entry, String file, long records) {
            try {
                entry.stream.flush();
                zip.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written.add(new Written(
                    file,
                    records,
                    entry.bytes[0],
                    HexFormat.of().formatHex(entry.stream.getMessageDigest().digest())));
        }
    }

    private static void header(Writer out, ResultSetMetaData meta) throws SQLException, IOException {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (i > 1) {
                out.write(',');
            }
            out.write(cell(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT)));
        }
        out.write("\r\n");
    }

    private static void row(Writer out, ResultSet rs, ResultSetMetaData meta) throws SQLException, IOException {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (i > 1) {
                out.write(',');
            }
            out.write(cell(text(rs.getObject(i))));
        }
        out.write("\r\n");
    }

    /** Timestamps as UTC instants, amounts as plain decimals, the rest as the database gives them. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (value instanceof java.time.OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof java.sql.Clob c) {
            try {
                return c.getSubString(1, (int) c.length());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return value.toString();
    }

    /**
     * RFC 4180: quoted when it holds a comma, quote or line break. Values are kept exactly as stored (a phone
     * number may start with +), so the files are data to import, not sheets to open by double-click.
     */
    static String cell(String v) {
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    static String safe(String fileName) {
        String base = fileName == null ? "file" : fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        base = base.replaceAll("^\\.+", "_");
        return base.length() > 120 ? base.substring(base.length() - 120) : base;
    }
}
