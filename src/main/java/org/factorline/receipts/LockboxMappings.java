package org.factorline.receipts;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.factorline.identity.Actor;
import org.factorline.identity.AuditLog;
import org.factorline.identity.CurrentActor;
import org.factorline.identity.Role;
import org.factorline.shared.FactorlineException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The lockbox column mappings saved per bank: set up once by an administrator, named ("First National
 * lockbox 4417"), and chosen when a lockbox file is imported.
 */
@Service
public class LockboxMappings {

    static final String NAME_PATTERN = "[A-Za-z0-9 ._-]{1,60}";

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    LockboxMappings(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public LockboxMapping save(String name, LockboxMapping m) {
        Actor actor = CurrentActor.get();
        actor.requireRole(Role.ADMIN, Role.FUNDING_OFFICER);
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw FactorlineException.invalid(
                    "name", name, "is required: letters, digits, spaces, dots, dashes and underscores, at most 60");
        }
        jdbc.sql("delete from lockbox_mapping where name = ?").param(name).update();
        jdbc.sql("""
                        insert into lockbox_mapping (name, lockbox_number, currency, amount_column, check_number_column,
                            payer_name_column, payer_account_column, payer_routing_column, deposit_date_column,
                            date_pattern, invoice_columns, remittance_column, amounts_in_cents, delimiter, saved_by,
                            saved_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        name,
                        m.lockboxNumber(),
                        m.currency().getCurrencyCode(),
                        m.amountColumn(),
                        m.checkNumberColumn(),
                        m.payerNameColumn(),
                        m.payerAccountColumn(),
                        m.payerRoutingColumn(),
                        m.depositDateColumn(),
                        m.datePattern(),
                        String.join("|", m.invoiceColumns()),
                        m.remittanceColumn(),
                        m.amountsInCents(),
                        String.valueOf(m.delimiter()),
                        actor.username(),
                        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
        audit.record(
                "lockbox_mapping.saved", "lockbox_mapping", null, null, "Lockbox mapping " + name + " saved", null, m);
        return m;
    }

    public Optional<LockboxMapping> find(String name) {
        CurrentActor.get().requireStaff();
        return jdbc.sql("select * from lockbox_mapping where name = ?")
                .param(name)
                .query((rs, n) -> new LockboxMapping(
                        rs.getString("lockbox_number"),
                        Currency.getInstance(rs.getString("currency").trim()),
                        rs.getString("amount_column"),
                        rs.getString("check_number_column"),
                        rs.getString("payer_name_column"),
                        rs.getString("payer_account_column"),
                        rs.getString("payer_routing_column"),
                        rs.getString("deposit_date_column"),
                        rs.getString("date_pattern"),
                        rs.getString("invoice_columns").isEmpty()
                                ? List.of()
                                : Arrays.asList(rs.getString("invoice_columns").split("\\|")),
                        rs.getString("remittance_column"),
                        rs.getBoolean("amounts_in_cents"),
                        rs.getString("delimiter").charAt(0)))
                .optional();
    }

    public LockboxMapping get(String name) {
        return find(name)
                .orElseThrow(
                        () -> FactorlineException.invalid(
                                "mapping",
                                name,
                                "is not a saved lockbox mapping; save one first (PUT /api/v1/receipts/lockbox-mappings/{name})"));
    }

    public List<String> names() {
        CurrentActor.get().requireStaff();
        return jdbc.sql("select name from lockbox_mapping order by name")
                .query(String.class)
                .list();
    }
}
