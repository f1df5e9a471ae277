package org.factorline.outreach.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.factorline.outreach.OutboxMessage;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Prometheus gauges for operators: the outbox by status (a growing QUEUED backlog or any FAILED means mail
 * is not leaving) and the open tasks for people. Read from the database at each scrape, so every instance
 * reports the same figures.
 */
@Component
class OutreachMetrics implements InitializingBean {

    private final MeterRegistry registry;
    private final JdbcClient jdbc;

    OutreachMetrics(MeterRegistry registry, JdbcClient jdbc) {
        this.registry = registry;
        this.jdbc = jdbc;
    }

    @Override
    public void afterPropertiesSet() {
        for (OutboxMessage.Status status : OutboxMessage.Status.values()) {
            Gauge.builder(
                            "factorline.outbox.messages",
                            () -> count("select count(*) from outreach_message where status = ?", status.name()))
                    .description("Messages in the outbox by status")
                    .tag("status", status.name())
                    .register(registry);
        }
        Gauge.builder(
                        "factorline.outreach.tasks.open",
                        () -> count("select count(*) from outreach_task where done_at is null", null))
                .description("Open tasks for people (calls, escalations, contacts to fix)")
                .register(registry);
    }

    private double count(String sql, String param) {
        var spec = jdbc.sql(sql);
        if (param != null) {
            spec = spec.param(param);
        }
        return spec.query(Long.class).single();
    }
}
