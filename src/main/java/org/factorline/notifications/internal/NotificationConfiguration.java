package org.factorline.notifications.internal;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.factorline.notifications.Digests;
import org.factorline.notifications.Webhooks;
import org.factorline.shared.JobRuns;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The notification jobs on db-scheduler, each on one instance at a time: the digest check every 15 minutes
 * (it sends a client's digest once its local hour has come and it has not gone out today), and webhooks
 * collected and sent every 15 seconds.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
class NotificationConfiguration {

    @Bean
    UrlGuard webhookUrlGuard(@Value("${factorline.webhooks.allow-private:false}") boolean allowPrivate) {
        return new UrlGuard(allowPrivate);
    }

    @Bean
    RecurringTask<Void> notificationDigest(
            Digests digests, JobRuns jobs, @Value("${factorline.notifications.digest-every:PT15M}") Duration every) {
        return jobs.recurring("notification-digest", FixedDelay.of(every), digests::sendDue);
    }

    @Bean
    RecurringTask<Void> webhookSender(
            Webhooks webhooks,
            JobRuns jobs,
            @Value("${factorline.notifications.webhooks-every:PT15S}") Duration every) {
        return jobs.recurring("webhook-sender", FixedDelay.of(every), () -> {
            int queued = webhooks.collect();
            Webhooks.Delivery d = webhooks.deliverDue();
            return queued + d.delivered() + d.retried() + d.failed();
        });
    }
}
