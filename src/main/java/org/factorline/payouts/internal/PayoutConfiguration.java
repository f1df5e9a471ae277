package org.factorline.payouts.internal;

import org.factorline.payouts.NachaWriter;
import org.factorline.shared.BusinessCalendar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The payouts module's settings, checked at start: a wrong originator fails the start, not a release. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PayoutSettings.class)
class PayoutConfiguration {

    PayoutConfiguration(PayoutSettings settings) {
        settings.zone();
        settings.nachaOriginator();
    }

    @Bean
    NachaWriter nachaWriter(BusinessCalendar calendar) {
        return new NachaWriter(calendar);
    }
}
