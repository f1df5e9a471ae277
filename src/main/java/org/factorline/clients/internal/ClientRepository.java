package org.factorline.clients.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.clients.ClientDetails;
import org.factorline.clients.ClientId;
import org.factorline.clients.ClientStatus;
import org.factorline.clients.PayoutAccount;
import org.factorline.shared.CursorPage;
import org.factorline.shared.PostalAddress;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The client table, in explicit SQL. Updates check the version: a stale edit fails, it never overwrites. */
@Repository
public class ClientRepository {

    private final JdbcClient jdbc;

    public ClientRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public String nextReference() {
        long n = jdbc.sql("select nextval('client_reference_seq')")
                .query(Long.class)
                .single();
        return String.format("C-%06d", n);
    }

    public void insert(UUID id, String reference, ClientDetails d, ClientStatus status, Instant now) {
        jdbc.sql("""
                        insert into client (id, reference, legal_name, trade_name, tax_id, industry, status, street, city,
                                            region, postal_code, country, contact_name, contact_email, contact_phone,
                                            account_manager_id, created_at, updated_at, version)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)""")
                .params(
                        id,
                        reference,
                        d.legalName().strip(),
                        blankToNull(d.tradeName()),
                        d.taxId().strip(),
                        blankToNull(d.industry()),
                        status.name(),
                        d.address().street(),
                        d.address().city(),
                        blankToNull(d.address().region()),
                        blankToNull(d.address().postalCode()),
                        d.address().country(),
                        blankToNull(d.contactName()),
                        blankToNull(d.contactEmail()),
                        blankToNull(d.contactPhone()),
                        d.accountManagerId(),
                        ts(now),
                        ts(now))
                .update();
    }

    public void update(ClientId id, ClientDetails d, int expectedVersion, Instant now) {
        int n = jdbc.sql("""
                        update client set legal_name = ?, trade_name = ?, tax_id = ?, industry = ?, street = ?, city = ?,
                               region = ?, postal_code = ?, country = ?, contact_name = ?, contact_email = ?,
                               contact_phone = ?, account_manager_id = ?, updated_at = ?, version = version + 1
                        where id = ? and version = ?""")
                .params(
                        d.legalName().strip(),
                        blankToNull(d.tradeName()),
                        d.taxId().strip(),
                        blankToNull(d.industry()),
                        d.address().street(),
                        d.address().city(),
                        blankToNull(d.address().region()),
                        blankToNull(d.address().postalCode()),
                        d.address().country(),
                        blankToNull(d.contactName()),
                        blankToNull(d.contactEmail()),
                        blankToNull(d.contactPhone()),
                        d.accountManagerId(),
                        ts(now),
                        id.value(),
                        expectedVersion)
                .update();
        requireOne(n, id, expectedVersion);
    }

    public void updateStatus(ClientId id, ClientStatus status, int expectedVersion, Instant now) {
        int n = jdbc.sql(
                        "update client set status = ?, updated_at = ?, version = version + 1 where id = ? and version = ?")
                .params(status.name(), ts(now), id.value(), expectedVersion)
                .update();
        requireOne(n, id, expectedVersion);
    }

    public void updatePayoutAccount(
            ClientId id, String name, String routing, String sealed, String last4, int expectedVersion, Instant now) {
        int n = jdbc.sql("""
                        update client set bank_account_name = ?, bank_routing_number = ?, bank_account_sealed = ?,
                               bank_account_last4 = ?, updated_at = ?, version = version + 1
                        where id = ? and version = ?""")
                .params(name, routing, sealed, last4, ts(now), id.value(), expectedVersion)
                .update();
        requireOne(n, id, expectedVersion);
    }

    public Optional<String> sealedAccountNumber(ClientId id) {
        return jdbc.sql("select bank_account_sealed from client where id = ?")
                .param(id.value())
                .query(String.class)
                .optional();
    }

    public Optional<Client> find(ClientId id) {
        return jdbc.sql("select * from client where id = ?")
                .param(id.value())
                .query(ClientRepository::map)
                .optional();
    }

    public boolean taxIdTaken(String taxId, UUID exceptId) {
        return jdbc.sql("select count(*) from client where tax_id = ? and (cast(? as uuid) is null or id <> ?)")
                        .params(taxId.strip(), exceptId, exceptId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** A page of clients, newest id first after the cursor; {@code onlyClient} narrows to one (client users). */
    public List<Client> page(CursorPage.Request page, String search, UUID onlyClient, ClientStatus status) {
        String like =
                search == null || search.isBlank() ? null : "%" + search.strip().toLowerCase() + "%";
        return jdbc.sql("""
                        select * from client
                        where (cast(? as uuid) is null or id < ?)
                          and (cast(? as uuid) is null or id = ?)
                          and (cast(? as varchar) is null or lower(legal_name) like ? or lower(coalesce(trade_name, '')) like ?
                               or reference like upper(?) or tax_id like ?)
                          and (cast(? as varchar) is null or status = ?)
                        order by id desc
                        limit ?""")
                .params(
                        page.after(),
                        page.after(),
                        onlyClient,
                        onlyClient,
                        like,
                        like,
                        like,
                        like,
                        like,
                        status == null ? null : status.name(),
                        status == null ? null : status.name(),
                        page.fetchSize())
                .query(ClientRepository::map)
                .list();
    }

    public List<Client> all(UUID onlyClient) {
        return jdbc.sql("select * from client where (cast(? as uuid) is null or id = ?) order by legal_name")
                .params(onlyClient, onlyClient)
                .query(ClientRepository::map)
                .list();
    }

    private static void requireOne(int n, ClientId id, int expectedVersion) {
        if (n == 0) {
            throw new OptimisticLockingFailureException("client " + id
                    + " was changed by someone else (expected version " + expectedVersion + "); reload and retry");
        }
    }

    static Client map(ResultSet rs, int row) throws SQLException {
        String last4 = rs.getString("bank_account_last4");
        PayoutAccount payout = last4 == null
                ? null
                : new PayoutAccount(
                        rs.getString("bank_account_name"), rs.getString("bank_routing_number"), "••••" + last4);
        return new Client(
                new ClientId(rs.getObject("id", UUID.class)),
                rs.getString("reference"),
                rs.getString("legal_name"),
                rs.getString("trade_name"),
                rs.getString("tax_id"),
                rs.getString("industry"),
                ClientStatus.valueOf(rs.getString("status")),
                new PostalAddress(
                        rs.getString("street"),
                        rs.getString("city"),
                        rs.getString("region"),
                        rs.getString("postal_code"),
                        rs.getString("country")),
                rs.getString("contact_name"),
                rs.getString("contact_email"),
                rs.getString("contact_phone"),
                rs.getObject("account_manager_id", UUID.class),
                payout,
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getInt("version"));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
