package org.factorline.debtors.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.factorline.debtors.ClientDebtor;
import org.factorline.debtors.Debtor;
import org.factorline.debtors.DebtorContact;
import org.factorline.debtors.DebtorDetails;
import org.factorline.debtors.DebtorId;
import org.factorline.debtors.DebtorStatus;
import org.factorline.debtors.NotificationState;
import org.factorline.shared.CursorPage;
import org.factorline.shared.Money;
import org.factorline.shared.PostalAddress;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class DebtorRepository {

    static final int CONTACT_BATCH = 500;

    private final JdbcClient jdbc;

    public DebtorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public String nextReference() {
        long n = jdbc.sql("select nextval('debtor_reference_seq')")
                .query(Long.class)
                .single();
        return String.format("D-%06d", n);
    }

    public void insert(UUID id, String reference, DebtorDetails d, String nameKey, Instant now) {
        jdbc.sql("""
                        insert into debtor (id, reference, name, name_key, tax_id, street, city, region, postal_code, country,
                                            time_zone, credit_limit_amount, currency, status, created_at, updated_at, version)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, 0)""")
                .params(
                        id,
                        reference,
                        d.name().strip(),
                        nameKey,
                        blank(d.taxId()),
                        d.address().street().strip(),
                        d.address().city().strip(),
                        blank(d.address().region()),
                        blank(d.address().postalCode()),
                        d.address().country(),
                        d.timeZone().strip(),
                        d.creditLimit().amount(),
                        d.creditLimit().currency().getCurrencyCode(),
                        ts(now),
                        ts(now))
                .update();
    }

    public void update(DebtorId id, DebtorDetails d, String nameKey, int expectedVersion, Instant now) {
        int n = jdbc.sql("""
                        update debtor set name = ?, name_key = ?, tax_id = ?, street = ?, city = ?, region = ?, postal_code = ?,
                               country = ?, time_zone = ?, credit_limit_amount = ?, currency = ?, updated_at = ?,
                               version = version + 1
                        where id = ? and version = ?""")
                .params(
                        d.name().strip(),
                        nameKey,
                        blank(d.taxId()),
                        d.address().street().strip(),
                        d.address().city().strip(),
                        blank(d.address().region()),
                        blank(d.address().postalCode()),
                        d.address().country(),
                        d.timeZone().strip(),
                        d.creditLimit().amount(),
                        d.creditLimit().currency().getCurrencyCode(),
                        ts(now),
                        id.value(),
                        expectedVersion)
                .update();
        requireOne(n, id, expectedVersion);
    }

    public void updateStatus(DebtorId id, DebtorStatus status, int expectedVersion, Instant now) {
        int n = jdbc.sql(
                        "update debtor set status = ?, updated_at = ?, version = version + 1 where id = ? and version = ?")
                .params(status.name(), ts(now), id.value(), expectedVersion)
                .update();
        requireOne(n, id, expectedVersion);
    }

    public void replaceContacts(
            DebtorId id,
            List<DebtorDetails.ContactDetails> contacts,
            java.util.function.Supplier<UUID> ids,
            Instant now) {
        jdbc.sql("delete from debtor_contact where debtor_id = ?")
                .param(id.value())
                .update();
        boolean anyPrimary = contacts.stream().anyMatch(DebtorDetails.ContactDetails::primary);
        for (int i = 0; i < contacts.size(); i++) {
            var c = contacts.get(i);
            jdbc.sql("""
                            insert into debtor_contact (id, debtor_id, name, email, phone, is_primary, created_at)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            ids.get(),
                            id.value(),
                            c.name().strip(),
                            c.email() == null || c.email().isBlank()
                                    ? null
                                    : c.email().strip().toLowerCase(),
                            blank(c.phone()),
                            c.primary() || (!anyPrimary && i == 0),
                            ts(now))
                    .update();
        }
    }

    public Optional<Debtor> find(DebtorId id) {
        return withContacts(jdbc.sql("select * from debtor where id = ?")
                        .param(id.value())
                        .query(DebtorRepository::map)
                        .list())
                .stream()
                .findFirst();
    }

    /** The debtor's id, reference and status and whether the client sells on it, without its contacts. */
    public Optional<org.factorline.debtors.DebtorStanding> standing(DebtorId id, UUID clientId) {
        return jdbc.sql("""
                        select d.reference, d.status,
                               exists (select 1 from client_debtor cd where cd.client_id = ? and cd.debtor_id = d.id)
                                   as sells_on_it
                        from debtor d where d.id = ?""")
                .params(clientId, id.value())
                .query((rs, n) -> new org.factorline.debtors.DebtorStanding(
                        id,
                        rs.getString("reference"),
                        DebtorStatus.valueOf(rs.getString("status")),
                        rs.getBoolean("sells_on_it")))
                .optional();
    }

    public Optional<Debtor> findByNameKey(String nameKey) {
        return withContacts(jdbc.sql("select * from debtor where name_key = ? order by id limit 1")
                        .param(nameKey)
                        .query(DebtorRepository::map)
                        .list())
                .stream()
                .findFirst();
    }

    public Optional<Debtor> findByReference(String reference) {
        return withContacts(jdbc.sql("select * from debtor where reference = ?")
                        .param(reference.strip().toUpperCase(java.util.Locale.ROOT))
                        .query(DebtorRepository::map)
                        .list())
                .stream()
                .findFirst();
    }

    /** Newest first after the cursor; {@code onlyClient} narrows to debtors that client sells invoices on. */
    public List<Debtor> page(CursorPage.Request page, String search, UUID onlyClient) {
        String like =
                search == null || search.isBlank() ? null : "%" + search.strip().toLowerCase() + "%";
        return withContacts(jdbc.sql("""
                        select * from debtor d
                        where (cast(? as uuid) is null or d.id < ?)
                          and (cast(? as varchar) is null or lower(d.name) like ? or lower(d.reference) like ? or lower(d.city) like ?)
                          and (cast(? as uuid) is null or exists (select 1 from client_debtor cd where cd.debtor_id = d.id and cd.client_id = ?))
                        order by d.id desc
                        limit ?""")
                .params(page.after(), page.after(), like, like, like, like, onlyClient, onlyClient, page.fetchSize())
                .query(DebtorRepository::map)
                .list());
    }

    public List<Debtor> all(UUID onlyClient) {
        return withContacts(jdbc.sql("""
                        select * from debtor d
                        where cast(? as uuid) is null or exists (select 1 from client_debtor cd where cd.debtor_id = d.id and cd.client_id = ?)
                        order by d.name""")
                .params(onlyClient, onlyClient)
                .query(DebtorRepository::map)
                .list());
    }

    /** Debtors by status; {@code onlyClient} narrows to debtors that client sells invoices on. */
    public Map<DebtorStatus, Long> countByStatus(UUID onlyClient) {
        Map<DebtorStatus, Long> counts = new EnumMap<>(DebtorStatus.class);
        jdbc.sql("""
                        select d.status, count(*) as n from debtor d
                        where cast(? as uuid) is null or exists (select 1 from client_debtor cd where cd.debtor_id = d.id and cd.client_id = ?)
                        group by d.status""").params(onlyClient, onlyClient).query(rs -> {
            counts.put(DebtorStatus.valueOf(rs.getString("status")), rs.getLong("n"));
        });
        return counts;
    }

    public boolean isLinked(UUID clientId, DebtorId debtorId) {
        return jdbc.sql("select count(*) from client_debtor where client_id = ? and debtor_id = ?")
                        .params(clientId, debtorId.value())
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * Inserts the pair if it is new; returns true when it was. Two schedules naming the same new pair at
     * the same moment both succeed: the second insert does nothing instead of failing its transaction.
     */
    public boolean link(UUID clientId, DebtorId debtorId, NotificationState state, LocalDate since, Instant now) {
        return jdbc.sql("""
                                insert into client_debtor (client_id, debtor_id, notification_state, since, created_at)
                                values (?, ?, ?, ?, ?)
                                on conflict do nothing""")
                        .params(clientId, debtorId.value(), state.name(), since, ts(now))
                        .update()
                > 0;
    }

    /** Moves the relationship from one notification state to another; false if it was not in {@code from}. */
    public boolean changeNotification(UUID clientId, DebtorId debtorId, NotificationState from, NotificationState to) {
        return jdbc.sql("""
                                update client_debtor set notification_state = ?
                                where client_id = ? and debtor_id = ? and notification_state = ?""")
                        .params(to.name(), clientId, debtorId.value(), from.name())
                        .update()
                > 0;
    }

    public List<ClientDebtor> relationshipsOfDebtor(DebtorId debtorId, UUID onlyClient) {
        return jdbc.sql("""
                        select * from client_debtor where debtor_id = ? and (cast(? as uuid) is null or client_id = ?)
                        order by since""")
                .params(debtorId.value(), onlyClient, onlyClient)
                .query(DebtorRepository::mapRelationship)
                .list();
    }

    public List<ClientDebtor> relationshipsOfClient(UUID clientId) {
        return jdbc.sql("select * from client_debtor where client_id = ? order by since")
                .param(clientId)
                .query(DebtorRepository::mapRelationship)
                .list();
    }

    private static ClientDebtor mapRelationship(ResultSet rs, int row) throws SQLException {
        return new ClientDebtor(
                rs.getObject("client_id", UUID.class),
                new DebtorId(rs.getObject("debtor_id", UUID.class)),
                NotificationState.valueOf(rs.getString("notification_state")),
                rs.getObject("since", LocalDate.class));
    }

    /**
     * Fills in the contacts of a list of debtors with one query per {@link #CONTACT_BATCH} debtors, not one
     * per debtor.
     */
    private List<Debtor> withContacts(List<Debtor> bare) {
        if (bare.isEmpty()) {
            return bare;
        }
        Map<UUID, List<DebtorContact>> byDebtor = new HashMap<>();
        for (int from = 0; from < bare.size(); from += CONTACT_BATCH) {
            List<UUID> ids = bare.subList(from, Math.min(bare.size(), from + CONTACT_BATCH)).stream()
                    .map(d -> d.id().value())
                    .toList();
            jdbc.sql("select * from debtor_contact where debtor_id in (:ids) order by is_primary desc, name, id")
                    .param("ids", ids)
                    .query(rs -> {
                        byDebtor.computeIfAbsent(rs.getObject("debtor_id", UUID.class), k -> new ArrayList<>())
                                .add(new DebtorContact(
                                        rs.getObject("id", UUID.class),
                                        rs.getString("name"),
                                        rs.getString("email"),
                                        rs.getString("phone"),
                                        rs.getBoolean("is_primary")));
                    });
        }
        return bare.stream()
                .map(d -> new Debtor(
                        d.id(),
                        d.reference(),
                        d.name(),
                        d.taxId(),
                        d.address(),
                        d.timeZone(),
                        d.creditLimit(),
                        d.status(),
                        List.copyOf(byDebtor.getOrDefault(d.id().value(), List.of())),
                        d.createdAt(),
                        d.updatedAt(),
                        d.version()))
                .toList();
    }

    /** A debtor row without its contacts; see {@link #withContacts(List)}. */
    private static Debtor map(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new Debtor(
                new DebtorId(id),
                rs.getString("reference"),
                rs.getString("name"),
                rs.getString("tax_id"),
                new PostalAddress(
                        rs.getString("street"),
                        rs.getString("city"),
                        rs.getString("region"),
                        rs.getString("postal_code"),
                        rs.getString("country")),
                rs.getString("time_zone"),
                Money.of(rs.getBigDecimal("credit_limit_amount"), Currency.getInstance(rs.getString("currency"))),
                DebtorStatus.valueOf(rs.getString("status")),
                List.of(),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getInt("version"));
    }

    private static void requireOne(int n, DebtorId id, int expectedVersion) {
        if (n == 0) {
            throw new OptimisticLockingFailureException("debtor " + id
                    + " was changed by someone else (expected version " + expectedVersion + "); reload and retry");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
