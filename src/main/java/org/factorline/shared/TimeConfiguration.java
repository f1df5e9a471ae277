package org.factorline.shared;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock of the application. Tests and the simulator replace it with a {@link MutableClock};
 * nothing else asks the system for the time.
 */
@Configuration(proxyBeanMethods = false)
public class TimeConfiguration {

    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return new ShiftableClock(Clock.systemUTC());
    }

    @Bean
    BusinessCalendar businessCalendar() {
        return new BusinessCalendar();
    }
}
