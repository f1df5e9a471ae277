package org.factorline.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.factorline.funding.FeeAccrual;
import org.factorline.identity.Actor;
import org.factorline.identity.CurrentActor;
import org.factorline.settlement.Recourse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The two daily jobs over the generated book, each against raw SQL doing the same work set-based: the fee
 * accrual (every open invoice's fee to date) and the recourse sweep (charge back the invoices unpaid at their
 * recourse date). Both sides run inside a transaction that is rolled back, so the book stays as it was; the
 * product's services join that transaction (they are {@code @Transactional} themselves). Runs alternate product
 * and baseline, and the table the accrual rewrites is vacuumed before each, so neither side pays for the other's
 * dead rows.
 */
final class JobsBench {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final int runs;

    JobsBench(JdbcClient jdbc, PlatformTransactionManager transactions, int runs) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.runs = runs;
    }

    /** Runs {@code work} in a transaction and rolls it back; returns what it returned. */
    <T> T rolledBack(Supplier<T> work) {
        return tx.execute(status -> {
            status.setRollbackOnly();
            return work.get();
        });
    }

    /** Alternating runs after one warm-up each; {@code before} runs untimed ahead of every run. */
    Timing[] alternate(int n, Runnable before, Runnable product, Runnable raw) {
        before.run();
        product.run();
        before.run();
        raw.run();
        List<Double> p = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            before.run();
            long t = System.nanoTime();
            product.run();
            p.add((System.nanoTime() - t) / 1e6);
            before.run();
            t = System.nanoTime();
            raw.run();
            r.add((System.nanoTime() - t) / 1e6);
        }
        return new Timing[] {new Timing(List.copyOf(p)), new Timing(List.copyOf(r))};
    }

    /** The fee to date of an open invoice under its agreement, in SQL, for FLAT and TIERED schedules; {@code :paidOn}. */
    static String feeSql(String paidOn) {
        String days = "greatest((" + paidOn + " - f.funding_date) + case when a.fee_purchase_day_counts then 1 else 0"
                + " end, a.fee_minimum_days)";
        String base = "(case when a.fee_base = 'ADVANCE' then f.advance_amount else f.face_amount end)";
        String percent = "(a.fee_rate_pct + case when a.fee_shape = 'TIERED' and " + days + " > a.fee_initial_days"
                + " then a.fee_bracket_rate_pct * ((" + days + " - a.fee_initial_days + a.fee_bracket_days - 1)"
                + " / a.fee_bracket_days) else 0 end)";
        return "round(least(greatest(" + base + " * " + percent + " / 100, a.fee_minimum_amount), " + base
                + " * a.fee_cap_pct / 100), 2)";
    }

    /**
     * The daily accrual as of the end of the book: the product's job ({@link FeeAccrual#accrue}) against one
     * {@code UPDATE … FROM} computing the same fee from the agreement's columns. Both leave the same figures
     * (checked: count and sum of the fees set).
     */
    void accrual(Results results, FeeAccrual accrual, LocalDate asOf) {
        String check = "select count(*) as n, coalesce(sum(accrued_fee), 0) as total from funded_invoice"
                + " where accrued_through = :asOf";
        Object[] seen = new Object[2];
        Runnable vacuum = () -> jdbc.sql("vacuum funded_invoice").update();
        Runnable product = () -> seen[0] = rolledBack(() -> {
            CurrentActor.runAs(Actor.system(), () -> accrual.accrue(asOf));
            return jdbc.sql(check).param("asOf", asOf).query().singleRow();
        });
        Runnable raw = () -> seen[1] = rolledBack(() -> {
            jdbc.sql("update funded_invoice f set accrued_fee = " + feeSql("cast(:asOf as date)")
                            + ", accrued_through = :asOf from invoice i join agreement a on a.id = i.agreement_id"
                            + " where i.id = f.invoice_id and i.status in ('FUNDED', 'PARTIALLY_PAID')"
                            + " and f.closed_on is null and f.charged_on is null"
                            + " and (f.accrued_through is null or f.accrued_through < :asOf)")
                    .param("asOf", asOf)
                    .update();
            return jdbc.sql(check).param("asOf", asOf).query().singleRow();
        });
        Timing[] t = alternate(runs, vacuum, product, raw);
        results.add(new Results.Row(
                "Daily fee accrual",
                String.format(Locale.ROOT, "every open invoice's fee to %s, rolled back", asOf),
                t[0],
                t[1],
                "≤ 2× raw",
                t[0].median() <= 2 * t[1].median()));
        results.other.add(String.format(
                Locale.ROOT,
                "Fee accrual: the product set %,d open invoices' fees, total USD %s; the raw UPDATE %,d, USD %s%s",
                ((Number) ((Map<?, ?>) seen[0]).get("n")).longValue(),
                ((Map<?, ?>) seen[0]).get("total"),
                ((Number) ((Map<?, ?>) seen[1]).get("n")).longValue(),
                ((Map<?, ?>) seen[1]).get("total"),
                seen[0].toString().equals(seen[1].toString()) ? " (the same)" : " — THEY DIFFER"));
    }

    /** The candidates of a sweep as of {@code :asOf}, in the product's order, at most 5,000. */
    static final String SWEEP_CANDIDATES = """
            select f.invoice_id, f.client_id, i.invoice_number, f.face_amount, f.advance_amount, f.reduced_amount,
                   f.funding_date + (a.recourse_days - 1) as recourse_date, %s as fee
            from funded_invoice f join invoice i on i.id = f.invoice_id join agreement a on a.id = i.agreement_id
            where a.recourse and a.recourse_days is not null and i.status in ('FUNDED', 'PARTIALLY_PAID')
              and f.closed_on is null and f.charged_on is null
              and f.funding_date + (a.recourse_days - 1) < cast(:asOf as date)
              and not exists (select 1 from invoice_chargeback c where c.invoice_id = f.invoice_id)
            order by recourse_date, f.invoice_id limit 5000""".formatted(feeSql("f.funding_date + (a.recourse_days - 1)"));

    /**
     * The recourse sweep as of {@code asOf} (a day on which one day's purchases reach their recourse date):
     * the product's {@link Recourse#sweep} — candidates in one query, then each invoice charged back with its
     * own entry, chargeback row, status change and audit line — against set-based SQL that finds the same
     * candidates and writes the same entries, postings, chargeback rows, book rows and invoice statuses (not
     * the audit lines, whose hash chain is built one by one). Checked: the same number charged back.
     */
    void sweep(Results results, Recourse recourse, LocalDate asOf) {
        long[] found = new long[2];
        Runnable none = () -> {};
        Runnable product = () -> found[0] = rolledBack(() -> (long)
                CurrentActor.runAs(Actor.system(), () -> recourse.sweep(asOf)).size());
        Runnable raw = () -> found[1] = rolledBack(() -> rawSweep(asOf));
        Timing[] t = alternate(runs, none, product, raw);
        results.add(new Results.Row(
                "Recourse sweep",
                String.format(Locale.ROOT, "as of %s: %,d invoices charged back, rolled back", asOf, found[0]),
                t[0],
                t[1],
                "≤ 2× raw",
                t[0].median() <= 2 * t[1].median()));
        long backlog = jdbc.sql("select count(*) from (" + SWEEP_CANDIDATES.replace("limit 5000", "") + ") x")
                .param("asOf", asOf.plusDays(90))
                .query(Long.class)
                .single();
        results.other.add(String.format(
                Locale.ROOT,
                "Recourse sweep as of %s: the product charged back %,d invoices, the raw SQL %,d%s. The book's"
                        + " generator charges back only 1%% of invoices on time, so 90 days later (%s) %,d open"
                        + " invoices would be past their recourse date: a backlog a daily sweep never holds.",
                asOf,
                found[0],
                found[1],
                found[0] == found[1] ? "" : " — THEY DIFFER",
                asOf.plusDays(90),
                backlog));
    }

    long rawSweep(LocalDate asOf) {
        jdbc.sql("create temporary table bench_sweep on commit drop as " + SWEEP_CANDIDATES)
                .param("asOf", asOf)
                .update();
        jdbc.sql("""
                        insert into ledger_account (id, code, client_id, scope_id, currency, created_at)
                        values (md5('acct:factor:DISCOUNT_FEE_INCOME')::uuid, 'DISCOUNT_FEE_INCOME', null,
                                cast('00000000-0000-0000-0000-000000000000' as uuid), 'USD', now())
                        on conflict (code, currency, scope_id) do nothing""").update();
        jdbc.sql("""
                        insert into journal_entry (id, entry_number, business_date, posted_at, reason_code,
                            reference_type, reference_id, client_id, idempotency_key, fingerprint, memo, posted_by)
                        select md5('sweep:' || invoice_id)::uuid, nextval('journal_entry_number_seq'), :asOf, now(),
                               'CHARGEBACK', 'invoice', invoice_id, client_id, 'chargeback:' || invoice_id,
                               md5(invoice_id::text) || md5(invoice_id::text),
                               'Chargeback of invoice ' || invoice_number || ' at its recourse date ' || recourse_date,
                               'system'
                        from bench_sweep order by recourse_date, invoice_id""").param("asOf", asOf).update();
        jdbc.sql("""
                        insert into ledger_posting (id, entry_id, line_no, account_id, side, amount, currency)
                        select md5('sw1:' || s.invoice_id)::uuid, md5('sweep:' || s.invoice_id)::uuid, 1, a.id, 'D',
                               s.advance_amount - s.reduced_amount + s.fee, 'USD'
                        from bench_sweep s join ledger_account a
                          on a.scope_id = s.client_id and a.code = 'CLIENT_RECEIVABLE' and a.currency = 'USD'
                        union all
                        select md5('sw2:' || s.invoice_id)::uuid, md5('sweep:' || s.invoice_id)::uuid, 2, a.id, 'D',
                               s.face_amount - s.advance_amount, 'USD'
                        from bench_sweep s join ledger_account a
                          on a.scope_id = s.client_id and a.code = 'CLIENT_RESERVE' and a.currency = 'USD'
                        union all
                        select md5('sw3:' || s.invoice_id)::uuid, md5('sweep:' || s.invoice_id)::uuid, 3, a.id, 'C',
                               s.face_amount - s.reduced_amount, 'USD'
                        from bench_sweep s join ledger_account a
                          on a.scope_id = s.client_id and a.code = 'PURCHASED_RECEIVABLES' and a.currency = 'USD'
                        union all
                        select md5('sw4:' || s.invoice_id)::uuid, md5('sweep:' || s.invoice_id)::uuid, 4,
                               (select id from ledger_account where code = 'DISCOUNT_FEE_INCOME' and currency = 'USD'
                                 and scope_id = cast('00000000-0000-0000-0000-000000000000' as uuid)),
                               'C', s.fee, 'USD'
                        from bench_sweep s where s.fee > 0""").update();
        jdbc.sql("""
                        insert into invoice_chargeback (invoice_id, client_id, recourse_date, charged_on,
                            advance_unrecovered, fee, amount, currency, journal_entry_id, created_by, created_at)
                        select invoice_id, client_id, recourse_date, :asOf, advance_amount - reduced_amount, fee,
                               advance_amount - reduced_amount + fee, 'USD', md5('sweep:' || invoice_id)::uuid,
                               'system', now()
                        from bench_sweep""").param("asOf", asOf).update();
        jdbc.sql("""
                        update funded_invoice f set charged_on = :asOf from bench_sweep s
                        where f.invoice_id = s.invoice_id""").param("asOf", asOf).update();
        jdbc.sql("""
                        insert into invoice_status_change (id, invoice_id, from_status, to_status, occurred_at, actor,
                            reason)
                        select md5('swc:' || s.invoice_id)::uuid, s.invoice_id, i.status, 'CHARGED_BACK', now(),
                               'system', 'Unpaid at its recourse date ' || s.recourse_date
                        from bench_sweep s join invoice i on i.id = s.invoice_id""").update();
        return jdbc.sql("""
                        update invoice i set status = 'CHARGED_BACK', version = i.version + 1, updated_at = now()
                        from bench_sweep s where i.id = s.invoice_id""").update();
    }
}
