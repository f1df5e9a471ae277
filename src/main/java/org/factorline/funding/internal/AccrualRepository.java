package org.factorline.funding.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of the daily fee accrual: open bought invoices, the run's factors and the accrued figures. */
@Repository
public class AccrualRepository {

    // open, for the fee: bought and neither paid off, closed out nor charged back (every query below says so)
    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public AccrualRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** An agreement and a day on which invoices still open under it were bought. */
    public record PurchaseDay(UUID agreementId, LocalDate fundingDate) {}

    public List<PurchaseDay> openPurchaseDays() {
        return jdbc.sql("""
                        select distinct i.agreement_id, f.funding_date from funded_invoice f
                        join invoice i on i.id = f.invoice_id
                        where i.status in ('FUNDED', 'PARTIALLY_PAID') and f.closed_on is null
                          and f.charged_on is null""")
                .query((rs, n) -> new PurchaseDay(
                        rs.getObject("agreement_id", UUID.class), rs.getObject("funding_date", LocalDate.class)))
                .list();
    }

    /** One row of factors: the fee of every open invoice of the agreement bought that day, before rounding. */
    public record Factor(
            UUID agreementId,
            LocalDate fundingDate,
            BigDecimal ofFace,
            BigDecimal ofAdvance,
            BigDecimal minimumFee,
            BigDecimal capOfFace,
            BigDecimal capOfAdvance) {}

    public void clearFactors() {
        jdbc.sql("delete from fee_accrual_factor").update();
    }

    public void insertFactors(List<Factor> factors) {
        if (factors.isEmpty()) {
            return;
        }
        template.batchUpdate(
                "insert into fee_accrual_factor (agreement_id, funding_date, of_face, of_advance, minimum_fee,"
                        + " cap_of_face, cap_of_advance) values (?, ?, ?, ?, ?, ?, ?)",
                factors,
                1000,
                (ps, f) -> {
                    ps.setObject(1, f.agreementId());
                    ps.setObject(2, f.fundingDate());
                    ps.setBigDecimal(3, f.ofFace());
                    ps.setBigDecimal(4, f.ofAdvance());
                    ps.setBigDecimal(5, f.minimumFee());
                    ps.setBigDecimal(6, f.capOfFace());
                    ps.setBigDecimal(7, f.capOfAdvance());
                });
    }

    /**
     * Sets every open invoice with a factor row to {@code round(least(greatest(raw, minimum), cap), 2)}, where
     * {@code raw = face × ofFace + advance × ofAdvance}: the pricing module's order (minimum, then cap, then
     * half-up to the cent; no minimum is a minimum of zero, as no fee is negative, and no cap skips the
     * {@code least}). Invoices
     * already accrued through {@code asOf} or later are left alone, so a second run on a day changes nothing.
     * One statement (a hash join of the open book with the factors); MERGE, so it reads the same on H2.
     */
    public int applyFactors(LocalDate asOf) {
        return jdbc.sql("""
                        merge into funded_invoice f
                        using (select i.id as invoice_id, r.funding_date, r.of_face, r.of_advance, r.minimum_fee,
                                      r.cap_of_face, r.cap_of_advance
                               from invoice i join fee_accrual_factor r on r.agreement_id = i.agreement_id
                               where i.status in ('FUNDED', 'PARTIALLY_PAID')) s
                        on f.invoice_id = s.invoice_id and f.funding_date = s.funding_date
                           and f.closed_on is null and f.charged_on is null
                        when matched and (f.accrued_through is null or f.accrued_through < :asOf) then update set
                          accrued_fee = round(case
                              when s.cap_of_face is null then greatest(
                                  f.face_amount * s.of_face + f.advance_amount * s.of_advance,
                                  coalesce(s.minimum_fee, 0))
                              else least(
                                  greatest(
                                      f.face_amount * s.of_face + f.advance_amount * s.of_advance,
                                      coalesce(s.minimum_fee, 0)),
                                  f.face_amount * s.cap_of_face + f.advance_amount * s.cap_of_advance) end, 2),
                          accrued_through = :asOf""").param("asOf", asOf).update();
    }

    /** An open invoice whose fee is worked out one by one: its amounts, what was collected and its purchase day. */
    public record OpenInvoice(
            UUID invoiceId,
            UUID agreementId,
            BigDecimal face,
            BigDecimal advance,
            BigDecimal collected,
            String currency,
            LocalDate fundingDate) {}

    /** The open invoices bought under these agreements and not yet accrued through {@code asOf}. */
    public List<OpenInvoice> openInvoicesOf(Collection<UUID> agreements, LocalDate asOf) {
        if (agreements.isEmpty()) {
            return List.of();
        }
        // collected = payments applied and paid to the client instead: the reductions less the short pays
        return jdbc.sql("""
                        select f.invoice_id, i.agreement_id, f.face_amount, f.advance_amount,
                               f.reduced_amount - coalesce((select sum(d.amount) from invoice_deduction d
                                                            where d.invoice_id = f.invoice_id), 0) as collected,
                               f.currency, f.funding_date
                        from funded_invoice f join invoice i on i.id = f.invoice_id
                        where i.status in ('FUNDED', 'PARTIALLY_PAID') and f.closed_on is null
                          and f.charged_on is null and i.agreement_id in (:agreements)
                          and (f.accrued_through is null or f.accrued_through < :asOf)""")
                .param("agreements", agreements)
                .param("asOf", asOf)
                .query((rs, n) -> new OpenInvoice(
                        rs.getObject("invoice_id", UUID.class),
                        rs.getObject("agreement_id", UUID.class),
                        rs.getBigDecimal("face_amount"),
                        rs.getBigDecimal("advance_amount"),
                        rs.getBigDecimal("collected"),
                        rs.getString("currency"),
                        rs.getObject("funding_date", LocalDate.class)))
                .list();
    }

    public record Accrued(UUID invoiceId, BigDecimal fee) {}

    public int setAccrued(List<Accrued> fees, LocalDate asOf) {
        if (fees.isEmpty()) {
            return 0;
        }
        int[][] counts = template.batchUpdate(
                "update funded_invoice set accrued_fee = ?, accrued_through = ? where invoice_id = ?"
                        + " and (accrued_through is null or accrued_through < ?)",
                fees,
                1000,
                (ps, a) -> {
                    ps.setBigDecimal(1, a.fee());
                    ps.setObject(2, asOf);
                    ps.setObject(3, a.invoiceId());
                    ps.setObject(4, asOf);
                });
        int n = 0;
        for (int[] batch : counts) {
            for (int c : batch) {
                n += Math.max(c, 0);
            }
        }
        return n;
    }
}
