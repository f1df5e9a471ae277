package org.factorline.notifications.internal;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the digest goes out and how webhooks are delivered.
 *
 * @param digestHour the local hour (0–23) from which the day's digest is sent
 * @param timeZone the factor's time zone, in which a digest's day and hour are counted
 * @param plannedDays how many days ahead the "contacts planned" section looks
 * @param settle facts younger than this are left for the next webhook run (most transactions have committed
 *     by then, so events go out in the order they were recorded)
 * @param lookback longer than any transaction that records a fact may take: a fact carries the time its
 *     transaction started (the planner's run, for instance), so it can become visible well after readers
 *     passed that time. Each webhook collection reads again this far behind its cursor (events already
 *     queued are skipped), and a digest covers facts up to this long before it is sent (later ones are in
 *     the next digest), so a fact that committed late is neither lost nor reported twice
 * @param maxAttempts webhook attempts before a delivery is given up as FAILED
 * @param maxPause the longest pause between two webhook attempts (the pause doubles from one minute)
 * @param timeout how long a receiver may take to connect and to answer
 */
@ConfigurationProperties("factorline.notifications")
public record NotificationProperties(
        @DefaultValue("7") int digestHour,
        @DefaultValue("America/Chicago") ZoneId timeZone,
        @DefaultValue("3") int plannedDays,
        @DefaultValue("PT30S") Duration settle,
        @DefaultValue("PT1H") Duration lookback,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("PT1H") Duration maxPause,
        @DefaultValue("PT10S") Duration timeout) {}
