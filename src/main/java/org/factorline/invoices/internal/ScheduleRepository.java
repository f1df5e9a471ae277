package org.factorline.invoices.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.ClientId;
import org.factorline.invoices.Schedule;
import org.factorline.invoices.ScheduleId;
import org.factorline.invoices.ScheduleSource;
import org.factorline.shared.CursorPage;
import org.factorline.shared.Money;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The schedule table and its human references. */
@Repository
public class ScheduleRepository {

    private final JdbcClient jdbc;

    public ScheduleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code S-2026-000123}: the year of the day it was made, and a number that never repeats. */
    public String nextReference(int year) {
        long n = jdbc.sql("select nextval('schedule_reference_seq')")
                .query(Long.class)
                .single();
        return reference(year, n);
    }

    /**
     * {@code S-2026-000123}: the text {@code String.format("S-%d-%06d", year, n)} gives, without a formatter for
     * every submitted invoice.
     */
    static String reference(int year, long n) {
        String digits = Long.toString(n);
        StringBuilder s = new StringBuilder(8 + Math.max(6, digits.length()))
                .append("S-")
                .append(year)
                .append('-');
        for (int i = digits.length(); i < 6; i++) {
            s.append('0');
        }
        return s.append(digits).toString();
    }

    public void insert(Schedule s) {
        jdbc.sql("""
                        insert into schedule (id, reference, client_id, source, file_name, invoice_count, total_amount,
                                              currency, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        s.id().value(),
                        s.reference(),
                        s.clientId().value(),
                        s.source().name(),
                        s.fileName(),
                        s.invoiceCount(),
                        s.total().amount(),
                        s.total().currency().getCurrencyCode(),
                        InvoiceRepository.ts(s.createdAt()),
                        s.createdBy())
                .update();
    }

    public void updateTotals(ScheduleId id, int count, Money total) {
        jdbc.sql("update schedule set invoice_count = ?, total_amount = ? where id = ?")
                .params(count, total.amount(), id.value())
                .update();
    }

    public Optional<Schedule> find(ScheduleId id) {
        return jdbc.sql("select * from schedule where id = ?")
                .param(id.value())
                .query(ScheduleRepository::map)
                .optional();
    }

    /** Newest first after the cursor; {@code onlyClient} narrows to one client (client users). */
    public List<Schedule> page(CursorPage.Request page, ClientId client, UUID onlyClient) {
        UUID c = client == null ? null : client.value();
        return jdbc.sql("""
                        select * from schedule
                        where (cast(? as uuid) is null or id < ?)
                          and (cast(? as uuid) is null or client_id = ?)
                          and (cast(? as uuid) is null or client_id = ?)
                        order by id desc
                        limit ?""")
                .params(page.after(), page.after(), onlyClient, onlyClient, c, c, page.fetchSize())
                .query(ScheduleRepository::map)
                .list();
    }

    static Schedule map(ResultSet rs, int row) throws SQLException {
        BigDecimal total = rs.getBigDecimal("total_amount");
        return new Schedule(
                new ScheduleId(rs.getObject("id", UUID.class)),
                rs.getString("reference"),
                new ClientId(rs.getObject("client_id", UUID.class)),
                ScheduleSource.valueOf(rs.getString("source")),
                rs.getString("file_name"),
                rs.getInt("invoice_count"),
                Money.of(total, Currency.getInstance(rs.getString("currency").strip())),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("created_by"));
    }
}
