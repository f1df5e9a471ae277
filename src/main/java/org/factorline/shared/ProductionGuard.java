package org.factorline.shared;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The production profile refuses to start on the embedded H2 database, with demo data, or without the
 * secrets set from the environment: a misconfigured production must fail loudly at start, not later.
 */
@Configuration(proxyBeanMethods = false)
public class ProductionGuard {

    static final String DEMO_DATA_KEY = "embedded-demo-data-key-not-for-production";

    @Bean
    SecretBox secretBox(@Value("${factorline.data-key:}") String dataKey) {
        return new SecretBox(dataKey.isBlank() ? DEMO_DATA_KEY : dataKey);
    }

    @Bean
    @Profile("prod")
    Object productionChecks(
            @Value("${spring.datasource.url}") String url,
            @Value("${spring.datasource.password:}") String password,
            @Value("${factorline.data-key:}") String dataKey,
            @Value("${factorline.demo-data:false}") boolean demoData) {
        check(url, password, dataKey, demoData);
        return "production checks passed";
    }

    static void check(String url, String password, String dataKey, boolean demoData) {
        var problems = new java.util.ArrayList<String>();
        if (url == null || url.startsWith("jdbc:h2:")) {
            problems.add("DB_URL must point at PostgreSQL (it is " + url + ")");
        }
        if (password == null || password.isBlank()) {
            problems.add("DB_PASSWORD must be set");
        }
        if (dataKey == null || dataKey.length() < 32 || dataKey.equals(DEMO_DATA_KEY)) {
            problems.add("FACTORLINE_DATA_KEY must be set to a secret of at least 32 characters");
        }
        if (demoData) {
            problems.add("demo data must be off (FACTORLINE_DEMO_DATA=false)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start with the prod profile: " + String.join("; ", problems));
        }
    }
}
