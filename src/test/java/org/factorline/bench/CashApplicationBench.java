package org.factorline.bench;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.factorline.clients.Client;
import org.factorline.identity.Actor;
import org.factorline.identity.Role;
import org.factorline.ledger.AccountCode;
import org.factorline.ledger.internal.LedgerRepository;
import org.factorline.receipts.Bai2Writer;
import org.factorline.receipts.BankFileImport;
import org.factorline.receipts.BankFileImports;
import org.factorline.support.TestSupport;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Section {@code cash}: a bank file paying {@code n} open invoices in full (1,000,000, the burst, about
 * twenty minutes; 5,000 in the small mode; {@code bench.cash.payments} to choose), imported and applied through the product's
 * path (set-based, close-outs included), against the
 * raw set-based SQL the issue names as the baseline (payments, allocations, one journal entry with two postings
 * per payment, the invoices updated), run in a transaction rolled back. The invoices are a bench client's of
 * their own, bought set-based (purchase entries included) before the measurement, and everything the section
 * wrote is removed afterwards, so the book is as it was. One run of each: paths this long are not repeated.
 */
final class CashApplicationBench {

    static final Actor OFFICER = new Actor(null, "cash-bench", "Cash bench", null, EnumSet.of(Role.FUNDING_OFFICER));
    static final UUID FACTOR = new UUID(0, 0);
    static final UUID ASIDE = UUID.fromString("00000000-0000-0000-0000-00000000ca5e");

    private final JdbcClient jdbc;
    private final TestSupport.Fixtures fixtures;
    private final BankFileImports imports;
    private final PlatformTransactionManager transactions;
    private final int n;
    private final int debtorCount;

    CashApplicationBench(
            JdbcClient jdbc,
            TestSupport.Fixtures fixtures,
            BankFileImports imports,
            PlatformTransactionManager transactions,
            boolean small) {
        this.jdbc = jdbc;
        this.fixtures = fixtures;
        this.imports = imports;
        this.transactions = transactions;
        this.n = Integer.getInteger("bench.cash.payments", small ? 5_000 : 1_000_000);
        this.debtorCount = small ? 20 : 200;
    }

    void measure(Results results, LocalDate today) throws Exception {
        Client client = fixtures.activeClient(TestSupport.standardTerms(today.minusDays(200)));
        UUID c = client.id().value();
        UUID agreement = jdbc.sql("select id from agreement where client_id = ? order by version desc limit 1")
                .param(c)
                .query(UUID.class)
                .single();
        List<String> names = new java.util.ArrayList<>();
        List<UUID> debtors = new java.util.ArrayList<>();
        for (int k = 0; k < debtorCount; k++) {
            var d = fixtures.debtor(TestSupport.unique("Cash Bench Payer"));
            debtors.add(d.id().value());
            names.add(d.name().toUpperCase(Locale.ROOT));
        }
        long entriesBefore = jdbc.sql("select coalesce(max(entry_number), 0) from journal_entry")
                .query(Long.class)
                .single();
        long auditBefore = jdbc.sql("select last_seq from audit_chain where id = 1")
                .query(Long.class)
                .single();
        String hashBefore = jdbc.sql("select last_hash from audit_chain where id = 1")
                .query(String.class)
                .optional()
                .orElse(null);
        List<UUID> accountsBefore =
                jdbc.sql("select id from ledger_account").query(UUID.class).list();
        // the book generator's factor cash account is not at the id the ledger derives; set it aside meanwhile
        UUID cashId = LedgerRepository.accountId(AccountCode.CASH, null, org.factorline.shared.Money.USD);
        int asideRows = jdbc.sql("""
                        update ledger_account set scope_id = ? where code = 'CASH' and currency = 'USD'
                          and scope_id = ? and id <> ?""").params(ASIDE, FACTOR, cashId).update();
        UUID fileId = null;
        try {
            long t = System.nanoTime();
            buyInvoices(c, agreement, debtors, today);
            double setUp = (System.nanoTime() - t) / 1e9;
            byte[] file = bankFile(names, debtors, today);
            Timing baseline = Timing.of(0, 1, () -> baseline(c, today));
            BankFileImport[] done = new BankFileImport[1];
            ImportBench.HeapWatch heap = ImportBench.HeapWatch.start();
            Timing product = Timing.of(
                    0,
                    1,
                    () -> done[0] = TestSupport.as(
                            OFFICER, () -> imports.importLargeFile("cash-bench-" + n + ".bai", file, null)));
            ImportBench.HeapWatch.Reading reading = heap.stop();
            fileId = done[0].id();
            double ratio = product.median() / baseline.median();
            results.add(new Results.Row(
                    String.format(
                            Locale.ROOT, "Cash application: %,d-payment BAI2 file (%,d MB)", n, file.length >> 20),
                    "import, match, apply, close out",
                    product,
                    baseline,
                    "≤ 1.5× baseline",
                    ratio <= 1.5));
            results.add(reading.row(
                    "Cash application, heap",
                    "while the file was imported and applied, the file's bytes included",
                    1024));
            results.other.add(String.format(
                    Locale.ROOT,
                    "Cash application: %,d payments, %,d applied automatically, ledger invariants %s; %,d open invoices"
                            + " bought for it in %.0f s (set-based, not measured); one run of each path",
                    done[0].payments(),
                    done[0].appliedAutomatically(),
                    done[0].ledgerInvariantsHold() ? "hold" : "BROKEN",
                    n,
                    setUp));
        } finally {
            cleanUp(c, fileId, entriesBefore, auditBefore, hashBefore, accountsBefore);
            if (asideRows > 0) {
                jdbc.sql("update ledger_account set scope_id = ? where code = 'CASH' and scope_id = ?")
                        .params(FACTOR, ASIDE)
                        .update();
            }
        }
    }

    /** {@code n} open invoices of the client, bought in one funding request per day, with their purchase entries. */
    private void buyInvoices(UUID c, UUID agreement, List<UUID> debtors, LocalDate today) {
        jdbc.sql("drop table if exists bench_cash").update();
        jdbc.sql("""
                        create unlogged table bench_cash as
                        select g, cast(? as uuid) as client_id, (array[%s])[1 + g %% %d] as debtor_id,
                               cast(? as date) - 40 + (g %% 20) as bought,
                               cast(500 + (abs(hashtext('cash:' || g)) %% 2000000) / 100.0 as numeric(19, 2)) as face
                        from generate_series(1, ?) g""".formatted(uuidArray(debtors), debtors.size()))
                .params(c, today, n)
                .update();
        jdbc.sql("""
                        insert into funding_request (id, reference, client_id, status, payout_method, currency,
                            total_face, total_advance, charges, deductions, net_amount, requested_by, requested_at,
                            first_approved_by, first_approved_at, funded_by, funded_at, funding_date, version)
                        select md5('cfr:' || client_id || ':' || bought)::uuid, 'CFR-' || bought, client_id, 'FUNDED',
                               'ACH', 'USD', sum(face), sum(round(face * 0.8, 2)), 0, 0, sum(round(face * 0.8, 2)),
                               'cash-bench', bought, 'bench-a', bought, 'bench-b', bought, bought, 0
                        from bench_cash group by client_id, bought""").update();
        jdbc.sql("""
                        insert into invoice (id, client_id, debtor_id, agreement_id, invoice_number, number_key,
                            issue_date, terms_days, due_date, face_amount, currency, status, verification_status,
                            flagged, created_at, updated_at, version)
                        select md5('cinv:' || client_id || ':' || g)::uuid, client_id, debtor_id, ?, 'CB-' || g,
                               'CB' || g, bought - 2, 30, bought + 28, face, 'USD', 'FUNDED', 'VERIFIED', false,
                               bought, bought, 0
                        from bench_cash order by g""").param(agreement).update();
        jdbc.sql("""
                        insert into funding_line (request_id, invoice_id, face_amount, advance_amount, advance_rate)
                        select md5('cfr:' || client_id || ':' || bought)::uuid, md5('cinv:' || client_id || ':' || g)::uuid,
                               face, round(face * 0.8, 2), 0.8
                        from bench_cash""").update();
        jdbc.sql("""
                        insert into funded_invoice (invoice_id, request_id, client_id, funding_date, face_amount,
                            advance_amount, currency, debtor_id, issue_date, due_date, closed_on, charged_on,
                            reduced_amount, agreement_id)
                        select md5('cinv:' || client_id || ':' || g)::uuid, md5('cfr:' || client_id || ':' || bought)::uuid,
                               client_id, bought, face, round(face * 0.8, 2), 'USD', debtor_id, bought - 2, bought + 28,
                               null, null, 0, ?
                        from bench_cash order by g""").param(agreement).update();
        for (AccountCode code :
                List.of(AccountCode.PURCHASED_RECEIVABLES, AccountCode.CLIENT_PAYABLE, AccountCode.CLIENT_RESERVE)) {
            jdbc.sql("""
                            insert into ledger_account (id, code, client_id, scope_id, currency, created_at)
                            values (?, ?, ?, ?, 'USD', now()) on conflict do nothing""")
                    .params(LedgerRepository.accountId(code, c, org.factorline.shared.Money.USD), code.name(), c, c)
                    .update();
        }
        jdbc.sql("""
                        insert into journal_entry (id, entry_number, business_date, posted_at, reason_code,
                            reference_type, reference_id, client_id, idempotency_key, fingerprint, posted_by)
                        select id, nextval('journal_entry_number_seq'), funding_date, funding_date, 'PURCHASE',
                               'FUNDING_REQUEST', id, client_id, 'cash-bench:' || id, md5(id::text) || md5(id::text),
                               'cash-bench'
                        from funding_request where client_id = ? order by funding_date""").param(c).update();
        jdbc.sql("""
                        insert into ledger_posting (id, entry_id, line_no, account_id, side, amount, currency)
                        select md5('cp1:' || r.id)::uuid, r.id, 1, ?, 'D', r.total_face, 'USD'
                        from funding_request r where r.client_id = ?
                        union all
                        select md5('cp2:' || r.id)::uuid, r.id, 2, ?, 'C', r.total_advance, 'USD'
                        from funding_request r where r.client_id = ?
                        union all
                        select md5('cp3:' || r.id)::uuid, r.id, 3, ?, 'C', r.total_face - r.total_advance, 'USD'
                        from funding_request r where r.client_id = ?""")
                .params(
                        LedgerRepository.accountId(
                                AccountCode.PURCHASED_RECEIVABLES, c, org.factorline.shared.Money.USD),
                        c,
                        LedgerRepository.accountId(AccountCode.CLIENT_PAYABLE, c, org.factorline.shared.Money.USD),
                        c,
                        LedgerRepository.accountId(AccountCode.CLIENT_RESERVE, c, org.factorline.shared.Money.USD),
                        c)
                .update();
        // each advance paid out on its day (as Payouts.markFileSent posts it): the payable holds no payout
        // not yet sent, as the payouts sub-ledger check expects
        jdbc.sql("""
                        insert into journal_entry (id, entry_number, business_date, posted_at, reason_code,
                            reference_type, reference_id, client_id, idempotency_key, fingerprint, posted_by)
                        select md5('cps:' || id)::uuid, nextval('journal_entry_number_seq'), funding_date, funding_date,
                               'PAYOUT_SENT', 'PAYOUT', id, client_id, 'cash-bench:payout:' || id,
                               md5('cps:' || id) || md5('cps:' || id), 'cash-bench'
                        from funding_request where client_id = ? order by funding_date""").param(c).update();
        jdbc.sql("""
                        insert into ledger_posting (id, entry_id, line_no, account_id, side, amount, currency)
                        select md5('cps1:' || r.id)::uuid, md5('cps:' || r.id)::uuid, 1, ?, 'D', r.total_advance, 'USD'
                        from funding_request r where r.client_id = ?
                        union all
                        select md5('cps2:' || r.id)::uuid, md5('cps:' || r.id)::uuid, 2, ?, 'C', r.total_advance, 'USD'
                        from funding_request r where r.client_id = ?""")
                .params(
                        LedgerRepository.accountId(AccountCode.CLIENT_PAYABLE, c, org.factorline.shared.Money.USD),
                        c,
                        LedgerRepository.accountId(AccountCode.CASH, null, org.factorline.shared.Money.USD),
                        c)
                .update();
        jdbc.sql("analyze invoice").update();
        jdbc.sql("analyze funded_invoice").update();
    }

    private static String uuidArray(List<UUID> ids) {
        StringBuilder b = new StringBuilder();
        for (UUID id : ids) {
            b.append(b.isEmpty() ? "" : ", ").append("cast('").append(id).append("' as uuid)");
        }
        return b.toString();
    }

    /** The file: one credit per invoice, for its face, naming the debtor and the invoice as payers write them. */
    private byte[] bankFile(List<String> names, List<UUID> debtors, LocalDate today) {
        Bai2Writer w = new Bai2Writer("CASHBENCH" + n, today);
        jdbc.sql("select g, face from bench_cash order by g").query(rs -> {
            long g = rs.getLong(1);
            BigDecimal face = rs.getBigDecimal(2);
            int d = (int) (g % debtors.size());
            w.credit(g % 5 == 0, face, "CB" + g, "", names.get(d) + " INV CB-" + g);
        });
        return w.bytes();
    }

    /**
     * The baseline: what applying the payments needs at least, set-based — the payments, their
     * allocations, one journal entry with two postings per payment, and the invoices marked paid — in a
     * transaction rolled back.
     */
    private void baseline(UUID c, LocalDate today) {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        UUID receivables =
                LedgerRepository.accountId(AccountCode.PURCHASED_RECEIVABLES, c, org.factorline.shared.Money.USD);
        UUID cash = LedgerRepository.accountId(AccountCode.CASH, null, org.factorline.shared.Money.USD);
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                            insert into ledger_account (id, code, client_id, scope_id, currency, created_at)
                            values (?, 'CASH', null, ?, 'USD', now()) on conflict do nothing""").params(cash, FACTOR).update();
            jdbc.sql("""
                            insert into payment (id, reference, bank_file_id, value_date, amount, currency, kind,
                                payer_name, debtor_id, applied_amount, status, created_by, created_at, version)
                            select md5('cbp:' || g)::uuid, 'CBP-' || g, null, ?, face, 'USD', 'ELECTRONIC', 'payer',
                                   debtor_id, face, 'APPLIED', 'bench', now(), 1
                            from bench_cash""").param(today).update();
            jdbc.sql("""
                            insert into journal_entry (id, entry_number, business_date, posted_at, reason_code,
                                reference_type, reference_id, client_id, idempotency_key, fingerprint, posted_by)
                            select md5('cbj:' || g)::uuid, nextval('journal_entry_number_seq'), ?, now(),
                                   'PAYMENT_APPLIED', 'invoice', md5('cinv:' || client_id || ':' || g)::uuid, client_id,
                                   'cash-bench-baseline:' || g, md5(g::text) || md5(g::text), 'bench'
                            from bench_cash order by g""").param(today).update();
            jdbc.sql("""
                            insert into ledger_posting (id, entry_id, line_no, account_id, side, amount, currency)
                            select md5('cbl1:' || g)::uuid, md5('cbj:' || g)::uuid, 1, ?, 'D', face, 'USD' from bench_cash
                            union all
                            select md5('cbl2:' || g)::uuid, md5('cbj:' || g)::uuid, 2, ?, 'C', face, 'USD' from bench_cash""").params(cash, receivables).update();
            jdbc.sql("""
                            insert into payment_allocation (id, payment_id, invoice_id, client_id, amount, currency,
                                confidence, method, created_by, created_at, journal_entry_id, value_date)
                            select md5('cba:' || g)::uuid, md5('cbp:' || g)::uuid,
                                   md5('cinv:' || client_id || ':' || g)::uuid, client_id, face, 'USD', 0.99, 'AUTO',
                                   'bench', now(), md5('cbj:' || g)::uuid, ?
                            from bench_cash""").param(today).update();
            jdbc.sql("""
                            update invoice i set status = 'PAID', version = i.version + 1, updated_at = now()
                            from bench_cash b where i.id = md5('cinv:' || b.client_id || ':' || b.g)::uuid""").update();
            jdbc.sql("""
                            update funded_invoice f set reduced_amount = f.reduced_amount + b.face
                            from bench_cash b where f.invoice_id = md5('cinv:' || b.client_id || ':' || b.g)::uuid""").update();
            status.setRollbackOnly();
        });
    }

    /** Removes every row the section wrote (the ledger's and audit log's append-only triggers set aside). */
    private void cleanUp(
            UUID c, UUID fileId, long entriesBefore, long auditBefore, String hashBefore, List<UUID> accountsBefore) {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        tx.executeWithoutResult(status -> {
            jdbc.sql("set local session_replication_role = replica").update();
            jdbc.sql("delete from invoice_settlement where client_id = ?")
                    .param(c)
                    .update();
            jdbc.sql("delete from payment_allocation where client_id = ?")
                    .param(c)
                    .update();
            if (fileId != null) {
                jdbc.sql(
                                "delete from payment_suggestion where payment_id in (select id from payment where bank_file_id = ?)")
                        .param(fileId)
                        .update();
                jdbc.sql("delete from payment where bank_file_id = ?")
                        .param(fileId)
                        .update();
                jdbc.sql("delete from bank_file where id = ?").param(fileId).update();
            }
            jdbc.sql("""
                            delete from ledger_posting where entry_id in
                              (select id from journal_entry where entry_number > ?)""").param(entriesBefore).update();
            jdbc.sql("delete from journal_entry where entry_number > ?")
                    .param(entriesBefore)
                    .update();
            jdbc.sql(
                            "delete from invoice_status_change where invoice_id in (select id from invoice where client_id = ?)")
                    .param(c)
                    .update();
            jdbc.sql("delete from funded_invoice where client_id = ?").param(c).update();
            jdbc.sql(
                            "delete from funding_line where request_id in (select id from funding_request where client_id = ?)")
                    .param(c)
                    .update();
            jdbc.sql("delete from invoice where client_id = ?").param(c).update();
            jdbc.sql("delete from funding_request where client_id = ?").param(c).update();
            jdbc.sql("delete from audit_event where chain_seq > ?")
                    .param(auditBefore)
                    .update();
            jdbc.sql("update audit_chain set last_seq = ?, last_hash = ? where id = 1")
                    .params(auditBefore, hashBefore)
                    .update();
            java.util.Set<UUID> keep = new java.util.HashSet<>(accountsBefore);
            for (UUID id :
                    jdbc.sql("select id from ledger_account").query(UUID.class).list()) {
                if (!keep.contains(id)) {
                    jdbc.sql("delete from ledger_account where id = ?")
                            .param(id)
                            .update();
                }
            }
        });
        jdbc.sql("drop table if exists bench_cash").update();
    }
}
