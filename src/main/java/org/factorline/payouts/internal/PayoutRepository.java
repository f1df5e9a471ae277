package org.factorline.payouts.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.payouts.AchAccountType;
import org.factorline.payouts.NachaOriginator;
import org.factorline.payouts.Payout;
import org.factorline.payouts.PayoutFile;
import org.factorline.payouts.PayoutFileId;
import org.factorline.payouts.PayoutFileStatus;
import org.factorline.payouts.PayoutFilter;
import org.factorline.payouts.PayoutId;
import org.factorline.payouts.PayoutStatus;
import org.factorline.pricing.PayoutMethod;
import org.factorline.shared.CursorPage;
import org.factorline.shared.Money;
import org.factorline.shared.RoutingNumber;
import org.factorline.shared.SecretBox;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The payout and payout_file tables, in explicit SQL. Status changes are conditional updates that say
 * how many rows they moved, so that a payout already taken by someone else is never moved twice.
 */
@Repository
public class PayoutRepository {

    private final JdbcClient jdbc;
    private final SecretBox secrets;

    public PayoutRepository(JdbcClient jdbc, SecretBox secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    /** A payout as stored: the readable record and its sealed account number, for bank files only. */
    public record Stored(Payout payout, String accountSealed) {}

    /** A file as stored, with what it was made from besides its payouts. */
    public record StoredFile(
            PayoutFile file,
            String timeZone,
            NachaOriginator originator,
            String entryDescription,
            String referenceCode) {}

    /** Per client and currency, what the open payouts add up to. */
    public record OpenTotal(UUID clientId, String currency, BigDecimal total) {}

    public String nextPayoutReference(int year) {
        long n = jdbc.sql("select nextval('payout_reference_seq')")
                .query(Long.class)
                .single();
        return String.format("P-%d-%06d", year, n);
    }

    public String nextFileReference(int year) {
        long n = jdbc.sql("select nextval('payout_file_reference_seq')")
                .query(Long.class)
                .single();
        return String.format("P-FILE-%d-%06d", year, n);
    }

    /** Inserts the payout unless its source already has one; true if inserted. */
    public boolean insert(Payout p, String accountSealed) {
        return jdbc.sql("""
                                insert into payout (id, reference, client_id, amount, currency, method, status,
                                    beneficiary_name, routing_number, account_sealed, account_last4, account_type,
                                    source_type, source_id, memo, created_by, created_at, updated_at, version)
                                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                                on conflict do nothing""")
                        .params(
                                p.id().value(),
                                p.reference(),
                                p.clientId().value(),
                                p.amount().amount(),
                                p.amount().currency().getCurrencyCode(),
                                p.method().name(),
                                p.status().name(),
                                p.beneficiaryName(),
                                p.routingNumber(),
                                accountSealed,
                                p.accountLast4(),
                                p.accountType().name(),
                                p.sourceType(),
                                p.sourceId(),
                                p.memo(),
                                p.createdBy(),
                                ts(p.createdAt()),
                                ts(p.createdAt()))
                        .update()
                > 0;
    }

    public Optional<Payout> find(PayoutId id) {
        return jdbc.sql("select * from payout where id = ?")
                .param(id.value())
                .query(PayoutRepository::map)
                .optional();
    }

    public Optional<Payout> findBySource(String sourceType, UUID sourceId) {
        return jdbc.sql("select * from payout where source_type = ? and source_id = ?")
                .params(sourceType, sourceId)
                .query(PayoutRepository::map)
                .optional();
    }

    /** A page of payouts, newest first after the cursor; {@code onlyClient} narrows to one (client users). */
    public List<Payout> page(CursorPage.Request page, PayoutFilter f, UUID onlyClient) {
        UUID client = f.client() == null ? null : f.client().value();
        String status = f.status() == null ? null : f.status().name();
        String method = f.method() == null ? null : f.method().name();
        return jdbc.sql("""
                        select * from payout
                        where (cast(? as uuid) is null or id < ?)
                          and (cast(? as uuid) is null or client_id = ?)
                          and (cast(? as uuid) is null or client_id = ?)
                          and (cast(? as varchar) is null or status = ?)
                          and (cast(? as varchar) is null or method = ?)
                        order by id desc
                        limit ?""")
                .params(
                        page.after(),
                        page.after(),
                        onlyClient,
                        onlyClient,
                        client,
                        client,
                        status,
                        status,
                        method,
                        method,
                        page.fetchSize())
                .query(PayoutRepository::map)
                .list();
    }

    /**
     * Locks pending payouts of the method, oldest first, at most {@code limit}: the ones named, or (with
     * null) every one. A release that waited for another one's lock finds the payouts it took gone.
     */
    public List<Stored> lockPending(PayoutMethod method, List<UUID> only, int limit) {
        String sql = "select * from payout where status = 'PENDING' and file_id is null and method = :method"
                + (only == null ? "" : " and id in (:ids)")
                + " order by id limit :limit for update";
        var spec = jdbc.sql(sql).param("method", method.name()).param("limit", limit);
        if (only != null) {
            spec = spec.param("ids", only);
        }
        return spec.query((rs, n) -> new Stored(map(rs, n), rs.getString("account_sealed")))
                .list();
    }

    /** Payouts by id, in any state (to say why one cannot be released). */
    public List<Payout> findAll(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from payout where id in (:ids) order by id")
                .param("ids", ids)
                .query(PayoutRepository::map)
                .list();
    }

    /**
     * Puts pending payouts into a file: only those still pending and in no file move. Returns how many
     * moved, which the caller compares with how many it meant to move.
     */
    public int claim(PayoutFileId file, List<UUID> ids, Instant now) {
        return jdbc.sql("""
                        update payout set status = 'RELEASED', file_id = :file, updated_at = :now,
                                          version = version + 1
                        where id in (:ids) and status = 'PENDING' and file_id is null""")
                .param("file", file.value())
                .param("now", ts(now))
                .param("ids", ids)
                .update();
    }

    /** The payouts of a file, in the order the file lists them. */
    public List<Stored> inFile(PayoutFileId file) {
        return jdbc.sql("select * from payout where file_id = ? order by id")
                .param(file.value())
                .query((rs, n) -> new Stored(map(rs, n), rs.getString("account_sealed")))
                .list();
    }

    /** Marks every released payout of a file sent; returns how many moved. */
    public int markSent(PayoutFileId file, Instant now) {
        return jdbc.sql("""
                        update payout set status = 'SENT', sent_at = ?, updated_at = ?, version = version + 1
                        where file_id = ? and status = 'RELEASED'""").params(ts(now), ts(now), file.value()).update();
    }

    /** Settles or returns one payout if it is still the version read; returns how many moved (0 or 1). */
    public int move(Payout p, PayoutStatus to, Instant now, String returnReason) {
        String set = switch (to) {
            case SETTLED -> "settled_at = :now";
            case RETURNED -> "returned_at = :now, return_reason = :reason";
            default -> throw new IllegalArgumentException("a single payout moves to SETTLED or RETURNED");
        };
        var spec = jdbc.sql("update payout set status = :to, " + set
                        + ", updated_at = :now, version = version + 1"
                        + " where id = :id and status = :from and version = :version")
                .param("to", to.name())
                .param("now", ts(now))
                .param("id", p.id().value())
                .param("from", p.status().name())
                .param("version", p.version());
        if (to == PayoutStatus.RETURNED) {
            spec = spec.param("reason", returnReason);
        }
        return spec.update();
    }

    /** The day's next sequence for files of the method (1 for the first). */
    public int nextDaySequence(PayoutMethod method, LocalDate fileDate) {
        return jdbc.sql("select coalesce(max(day_sequence), 0) + 1 from payout_file where method = ? and file_date = ?")
                .params(method.name(), fileDate)
                .query(Integer.class)
                .single();
    }

    public void insertFile(StoredFile s, int daySequence, byte[] content) {
        PayoutFile f = s.file();
        NachaOriginator o = s.originator();
        jdbc.sql("""
                        insert into payout_file (id, reference, method, status, created_at, created_by, file_date,
                            day_sequence, file_id_modifier, entry_count, total_amount, currency, content, sha256,
                            size_bytes, time_zone, odfi_routing_number, odfi_name, immediate_origin, origin_name,
                            company_name, company_id, entry_description, reference_code, version)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(
                        f.id().value(),
                        f.reference(),
                        f.method().name(),
                        f.status().name(),
                        ts(f.createdAt()),
                        f.createdBy(),
                        f.fileDate(),
                        daySequence,
                        f.fileIdModifier(),
                        f.entryCount(),
                        f.total().amount(),
                        f.total().currency().getCurrencyCode(),
                        // the file holds whole account numbers: sealed, so no database dump or backup shows them
                        secrets.sealBytes(content),
                        f.sha256(),
                        f.sizeBytes(),
                        s.timeZone(),
                        o == null ? null : o.odfiRoutingNumber().value(),
                        o == null ? null : o.odfiName(),
                        o == null ? null : o.immediateOrigin(),
                        o == null ? null : o.originName(),
                        o == null ? null : o.companyName(),
                        o == null ? null : o.companyId(),
                        s.entryDescription(),
                        s.referenceCode())
                .update();
    }

    public Optional<StoredFile> findFile(PayoutFileId id) {
        return jdbc.sql("""
                        select id, reference, method, status, created_at, created_by, file_date, file_id_modifier,
                               entry_count, total_amount, currency, sha256, size_bytes, sent_at, sent_by, version,
                               time_zone, odfi_routing_number, odfi_name, immediate_origin, origin_name, company_name,
                               company_id, entry_description, reference_code
                        from payout_file where id = ?""")
                .param(id.value())
                .query((rs, n) -> new StoredFile(
                        mapFile(rs, n),
                        rs.getString("time_zone"),
                        rs.getString("odfi_routing_number") == null
                                ? null
                                : new NachaOriginator(
                                        new RoutingNumber(rs.getString("odfi_routing_number")),
                                        rs.getString("odfi_name"),
                                        rs.getString("immediate_origin"),
                                        rs.getString("origin_name"),
                                        rs.getString("company_name"),
                                        rs.getString("company_id")),
                        rs.getString("entry_description"),
                        rs.getString("reference_code")))
                .optional();
    }

    public Optional<byte[]> content(PayoutFileId id) {
        return jdbc.sql("select content from payout_file where id = ?")
                .param(id.value())
                // files released before the content was sealed (migration-free change) are still in clear
                .query((rs, n) -> {
                    byte[] stored = rs.getBytes("content");
                    return SecretBox.isSealed(stored) ? secrets.openBytes(stored) : stored;
                })
                .optional();
    }

    /** Ids of every file, in id order, after the given one (null: from the first): a walk in bounded steps. */
    public List<UUID> fileIdsAfter(UUID after, int limit) {
        if (after == null) {
            return jdbc.sql("select id from payout_file order by id limit ?")
                    .param(limit)
                    .query(UUID.class)
                    .list();
        }
        return jdbc.sql("select id from payout_file where id > ? order by id limit ?")
                .params(after, limit)
                .query(UUID.class)
                .list();
    }

    /** The file's bytes exactly as stored (sealed or not), its row locked until the transaction ends. */
    public Optional<byte[]> storedContentForUpdate(UUID id) {
        return jdbc.sql("select content from payout_file where id = ? for update")
                .param(id)
                .query((rs, n) -> rs.getBytes("content"))
                .optional();
    }

    /** Seals a file stored in clear, in place; what the file says (and its SHA-256) does not change. */
    public void sealContent(UUID id, byte[] clear) {
        jdbc.sql("update payout_file set content = ? where id = ?")
                .params(secrets.sealBytes(clear), id)
                .update();
    }

    /** Files newest first after the cursor, optionally in one status. */
    public List<PayoutFile> filePage(CursorPage.Request page, PayoutFileStatus status) {
        String s = status == null ? null : status.name();
        return jdbc.sql("""
                        select id, reference, method, status, created_at, created_by, file_date, file_id_modifier,
                               entry_count, total_amount, currency, sha256, size_bytes, sent_at, sent_by, version
                        from payout_file
                        where (cast(? as uuid) is null or id < ?)
                          and (cast(? as varchar) is null or status = ?)
                        order by id desc
                        limit ?""")
                .params(page.after(), page.after(), s, s, page.fetchSize())
                .query(PayoutRepository::mapFile)
                .list();
    }

    /** Marks a released file sent; returns how many rows moved (0 when it is not released any more). */
    public int markFileSent(PayoutFile f, String by, Instant now) {
        return jdbc.sql("""
                        update payout_file set status = 'SENT', sent_at = ?, sent_by = ?, version = version + 1
                        where id = ? and status = 'RELEASED' and version = ?""").params(ts(now), by, f.id().value(), f.version()).update();
    }

    /**
     * What the factor owes each client through payouts, per currency: payouts not yet sent, and returned
     * payouts not yet paid again (their money came back to the client's payable).
     */
    public List<OpenTotal> openTotals() {
        return jdbc.sql("""
                        select p.client_id, p.currency, sum(p.amount) as total from payout p
                        where p.status in ('PENDING', 'RELEASED')
                           or (p.status = 'RETURNED' and not exists (
                                   select 1 from payout r where r.source_type = 'payout' and r.source_id = p.id))
                        group by p.client_id, p.currency""")
                .query((rs, n) -> new OpenTotal(
                        rs.getObject("client_id", UUID.class),
                        rs.getString("currency").trim(),
                        rs.getBigDecimal("total")))
                .list();
    }

    static Payout map(ResultSet rs, int row) throws SQLException {
        UUID file = rs.getObject("file_id", UUID.class);
        return new Payout(
                new PayoutId(rs.getObject("id", UUID.class)),
                rs.getString("reference"),
                new ClientId(rs.getObject("client_id", UUID.class)),
                Money.of(
                        rs.getBigDecimal("amount"),
                        Currency.getInstance(rs.getString("currency").trim())),
                PayoutMethod.valueOf(rs.getString("method")),
                PayoutStatus.valueOf(rs.getString("status")),
                rs.getString("beneficiary_name"),
                rs.getString("routing_number").trim(),
                rs.getString("account_last4").trim(),
                AchAccountType.valueOf(rs.getString("account_type")),
                rs.getString("source_type"),
                rs.getObject("source_id", UUID.class),
                rs.getString("memo"),
                rs.getString("created_by"),
                instant(rs, "created_at"),
                file == null ? null : new PayoutFileId(file),
                instant(rs, "sent_at"),
                instant(rs, "settled_at"),
                instant(rs, "returned_at"),
                rs.getString("return_reason"),
                rs.getInt("version"));
    }

    static PayoutFile mapFile(ResultSet rs, int row) throws SQLException {
        String modifier = rs.getString("file_id_modifier");
        return new PayoutFile(
                new PayoutFileId(rs.getObject("id", UUID.class)),
                rs.getString("reference"),
                PayoutMethod.valueOf(rs.getString("method")),
                PayoutFileStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"),
                rs.getString("created_by"),
                rs.getObject("file_date", LocalDate.class),
                modifier == null ? null : modifier.trim(),
                rs.getInt("entry_count"),
                Money.of(
                        rs.getBigDecimal("total_amount"),
                        Currency.getInstance(rs.getString("currency").trim())),
                rs.getString("sha256").trim(),
                rs.getLong("size_bytes"),
                instant(rs, "sent_at"),
                rs.getString("sent_by"),
                rs.getInt("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    /** How many payouts are in the status, counted in the database and stopping at {@code cap + 1}. */
    public long countCapped(PayoutStatus status, int cap) {
        return jdbc.sql("select count(*) from (select 1 from payout where status = ? limit ?) x")
                .params(status.name(), cap + 1)
                .query(Long.class)
                .single();
    }

    /** How many bank files are in the status, counted in the database and stopping at {@code cap + 1}. */
    public long countFilesCapped(PayoutFileStatus status, int cap) {
        return jdbc.sql("select count(*) from (select 1 from payout_file where status = ? limit ?) x")
                .params(status.name(), cap + 1)
                .query(Long.class)
                .single();
    }
}
