package org.factorline.clients.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.factorline.clients.Agreement;
import org.factorline.clients.AgreementId;
import org.factorline.clients.AgreementTerms;
import org.factorline.clients.ClientId;
import org.factorline.clients.VerificationPolicy;
import org.factorline.pricing.FeeBase;
import org.factorline.pricing.FeeSchedule;
import org.factorline.pricing.FeeShape;
import org.factorline.pricing.MiscFees;
import org.factorline.shared.Money;
import org.factorline.shared.Rate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Agreement versions: inserted, never updated. */
@Repository
public class AgreementRepository {

    private final JdbcClient jdbc;

    public AgreementRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public int nextVersion(ClientId clientId) {
        return jdbc.sql("select coalesce(max(version), 0) + 1 from agreement where client_id = ?")
                .param(clientId.value())
                .query(Integer.class)
                .single();
    }

    public void insert(AgreementId id, ClientId clientId, int version, AgreementTerms t, Instant now, String by) {
        FeeSchedule f = t.fees();
        MiscFees m = t.miscFees();
        VerificationPolicy vp = t.verification();
        jdbc.sql("""
                        insert into agreement (id, client_id, version, effective_from, currency, advance_rate_pct,
                            fee_shape, fee_rate_pct, fee_initial_days, fee_bracket_rate_pct, fee_bracket_days,
                            fee_annual_rate_pct, fee_day_count, fee_minimum_amount, fee_minimum_days, fee_cap_pct,
                            fee_base, fee_purchase_day_counts, fee_clearance_days, wire_fee_amount, ach_fee_amount,
                            invoice_fee_amount, schedule_fee_amount, noa_fee_amount, credit_check_fee_amount,
                            recourse, recourse_days, facility_limit_amount, concentration_limit_pct,
                            verification_policy, verification_threshold_amount, verification_sample_pct,
                            notification, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                                ?, ?, ?, ?, ?, ?)""")
                .params(
                        id.value(),
                        clientId.value(),
                        version,
                        t.effectiveFrom(),
                        t.currency().getCurrencyCode(),
                        t.advanceRate().percent(),
                        f.shape().name(),
                        f.rate().percent(),
                        f.initialDays(),
                        pct(f.bracketRate()),
                        f.bracketDays(),
                        pct(f.annualRate()),
                        f.dayCountBasis(),
                        amount(f.minimumFee()),
                        f.minimumDays(),
                        pct(f.cap()),
                        f.base().name(),
                        f.purchaseDayCounts(),
                        f.clearanceDays(),
                        m.wire().amount(),
                        m.ach().amount(),
                        m.perInvoice().amount(),
                        m.perSchedule().amount(),
                        m.noa().amount(),
                        m.creditCheck().amount(),
                        t.recourse(),
                        t.recourse() ? t.recourseDays() : null,
                        t.facilityLimit().amount(),
                        t.concentrationLimit().percent(),
                        vp.kind().name(),
                        amount(vp.threshold()),
                        pct(vp.samplePercent()),
                        t.notification(),
                        ClientRepository.ts(now),
                        by)
                .update();
    }

    public Optional<Agreement> find(AgreementId id) {
        return jdbc.sql("select * from agreement where id = ?")
                .param(id.value())
                .query(AgreementRepository::map)
                .optional();
    }

    /** The latest version in force on {@code date}. */
    public Optional<Agreement> inForce(ClientId clientId, LocalDate date) {
        return jdbc.sql("""
                        select * from agreement where client_id = ? and effective_from <= ?
                        order by version desc limit 1""")
                .params(clientId.value(), date)
                .query(AgreementRepository::map)
                .optional();
    }

    public List<Agreement> ofClient(ClientId clientId) {
        return jdbc.sql("select * from agreement where client_id = ? order by version desc")
                .param(clientId.value())
                .query(AgreementRepository::map)
                .list();
    }

    static Agreement map(ResultSet rs, int row) throws SQLException {
        Currency cur = Currency.getInstance(rs.getString("currency"));
        FeeSchedule fees = new FeeSchedule(
                FeeShape.valueOf(rs.getString("fee_shape")),
                rate(rs.getBigDecimal("fee_rate_pct")),
                rs.getInt("fee_initial_days"),
                rate(rs.getBigDecimal("fee_bracket_rate_pct")),
                (Integer) rs.getObject("fee_bracket_days", Integer.class),
                rate(rs.getBigDecimal("fee_annual_rate_pct")),
                rs.getInt("fee_day_count"),
                money(rs.getBigDecimal("fee_minimum_amount"), cur),
                rs.getInt("fee_minimum_days"),
                rate(rs.getBigDecimal("fee_cap_pct")),
                FeeBase.valueOf(rs.getString("fee_base")),
                rs.getBoolean("fee_purchase_day_counts"),
                rs.getInt("fee_clearance_days"));
        MiscFees misc = new MiscFees(
                money(rs.getBigDecimal("wire_fee_amount"), cur),
                money(rs.getBigDecimal("ach_fee_amount"), cur),
                money(rs.getBigDecimal("invoice_fee_amount"), cur),
                money(rs.getBigDecimal("schedule_fee_amount"), cur),
                money(rs.getBigDecimal("noa_fee_amount"), cur),
                money(rs.getBigDecimal("credit_check_fee_amount"), cur));
        VerificationPolicy vp = new VerificationPolicy(
                VerificationPolicy.Kind.valueOf(rs.getString("verification_policy")),
                money(rs.getBigDecimal("verification_threshold_amount"), cur),
                rate(rs.getBigDecimal("verification_sample_pct")));
        AgreementTerms terms = new AgreementTerms(
                rs.getObject("effective_from", LocalDate.class),
                cur,
                rate(rs.getBigDecimal("advance_rate_pct")),
                fees,
                misc,
                rs.getBoolean("recourse"),
                (Integer) rs.getObject("recourse_days", Integer.class),
                money(rs.getBigDecimal("facility_limit_amount"), cur),
                rate(rs.getBigDecimal("concentration_limit_pct")),
                vp,
                rs.getBoolean("notification"));
        return new Agreement(
                new AgreementId(rs.getObject("id", UUID.class)),
                new ClientId(rs.getObject("client_id", UUID.class)),
                rs.getInt("version"),
                terms,
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getString("created_by"));
    }

    private static BigDecimal pct(Rate r) {
        return r == null ? null : r.percent();
    }

    private static BigDecimal amount(Money m) {
        return m == null ? null : m.amount();
    }

    private static Rate rate(BigDecimal b) {
        return b == null ? null : Rate.percent(b);
    }

    private static Money money(BigDecimal b, Currency c) {
        return b == null ? null : Money.of(b, c);
    }
}
