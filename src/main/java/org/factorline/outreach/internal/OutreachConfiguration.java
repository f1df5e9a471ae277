package org.factorline.outreach.internal;

import org.factorline.outreach.ContactPolicy;
import org.factorline.shared.BusinessCalendar;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutreachProperties.class)
class OutreachConfiguration {

    static final String DEMO_REMIT_ACCOUNT = "4400123987";

    @Bean
    ContactPolicy contactPolicy(BusinessCalendar calendar, OutreachProperties props) {
        return new ContactPolicy(calendar, props.businessStart(), props.businessEnd());
    }

    @Bean
    org.factorline.outreach.LinkTokens linkTokens(OutreachProperties props) {
        return new org.factorline.outreach.LinkTokens(props.linkSecret());
    }

    /** Signed debtor links are only as safe as their secret: production refuses the demo one. */
    @Bean
    @Profile("prod")
    Object outreachProductionChecks(OutreachProperties props, @Value("${spring.mail.host:}") String mailHost) {
        return productionChecks(props);
    }

    /** Refuses the demo link secret and the demo remit-to; production must bring its own. */
    static String productionChecks(OutreachProperties props) {
        if (props.linkSecret() == null
                || props.linkSecret().length() < 32
                || props.linkSecret().equals(OutreachProperties.DEMO_LINK_SECRET)) {
            throw new IllegalStateException(
                    "Refusing to start with the prod profile: FACTORLINE_LINK_SECRET must be set to a secret of at"
                            + " least 32 characters");
        }
        if (props.remitTo() == null
                || DEMO_REMIT_ACCOUNT.equals(props.remitTo().accountNumber())
                || props.remitTo().payee() == null
                || props.remitTo().payee().isBlank()
                || props.remitTo().accountNumber() == null
                || props.remitTo().accountNumber().isBlank()) {
            throw new IllegalStateException(
                    "Refusing to start with the prod profile: the remit-to (FACTORLINE_REMIT_PAYEE, _LOCKBOX, _BANK,"
                            + " _ROUTING, _ACCOUNT) must be the factor's own, not the demo values: every notice of"
                            + " assignment tells debtors to pay there");
        }
        return "outreach production checks passed";
    }
}
