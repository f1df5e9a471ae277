package org.factorline.receipts.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.factorline.receipts.PaymentStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The cash match rate for operators: each payment recorded (a bank file's line or one typed in) is either
 * applied by the matching engine itself or left for a person, counted once its transaction commits; and the
 * payments waiting to be placed, read from the database at each scrape so every instance reports the same.
 * Tags are two small fixed sets, never a client, payer or file.
 */
@Component
public class ReceiptMetrics {

    private final Counter autoFromFile;
    private final Counter staffFromFile;
    private final Counter autoTyped;
    private final Counter staffTyped;

    ReceiptMetrics(MeterRegistry registry, JdbcClient jdbc) {
        autoFromFile = lines(registry, "auto_applied", "bank_file");
        staffFromFile = lines(registry, "left_for_staff", "bank_file");
        autoTyped = lines(registry, "auto_applied", "typed");
        staffTyped = lines(registry, "left_for_staff", "typed");
        for (PaymentStatus status : new PaymentStatus[] {PaymentStatus.UNAPPLIED, PaymentStatus.PARTIALLY_APPLIED}) {
            Gauge.builder(
                            "factorline.cash.waiting",
                            () -> jdbc.sql("select count(*) from payment where status = ?")
                                    .param(status.name())
                                    .query(Long.class)
                                    .single())
                    .description("Payments not yet wholly placed on invoices, waiting for staff")
                    .tag("status", status.name())
                    .register(registry);
        }
    }

    private static Counter lines(MeterRegistry registry, String outcome, String source) {
        return Counter.builder("factorline.cash.lines")
                .description("Payments recorded, by whether the matching engine applied them itself or left them"
                        + " for staff, and where they came from")
                .tag("outcome", outcome)
                .tag("source", source)
                .register(registry);
    }

    /** Counts one payment's first matching, when (and only if) the transaction recording it commits. */
    public void matched(boolean automatically, boolean fromBankFile) {
        Counter c = fromBankFile
                ? (automatically ? autoFromFile : staffFromFile)
                : (automatically ? autoTyped : staffTyped);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    c.increment();
                }
            });
        } else {
            c.increment();
        }
    }
}
