package org.factorline.outreach.internal;

import java.time.LocalTime;
import org.factorline.outreach.ContactSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The factor as debtors meet it (name, who to call, where to pay), the contact policy's defaults, and how
 * links and delivery behave. Every value has a demo default in {@code application.yml}.
 *
 * @param mailMode {@code capture} keeps every message in the outbox and sends nothing; {@code smtp} sends
 *     through the configured mail server; {@code auto} sends when a mail server is configured
 *     ({@code spring.mail.host}) and captures otherwise
 */
@ConfigurationProperties("factorline.outreach")
public record OutreachProperties(
        String factorName,
        String factorPhone,
        String factorEmail,
        String fromAddress,
        String signature,
        RemitTo remitTo,
        String linkSecret,
        int linkDays,
        LocalTime businessStart,
        LocalTime businessEnd,
        int maxAttempts,
        String mailMode,
        ContactSettings defaults) {

    public static final String DEMO_LINK_SECRET = "embedded-demo-link-secret-not-for-production";

    /** Where debtors pay the factor. */
    public record RemitTo(String payee, String lockbox, String bankName, String routingNumber, String accountNumber) {

        /** A stable key of the instructions: a new key means debtors must get a new notice. */
        public String key() {
            String all = String.join("|", payee, lockbox, bankName, routingNumber, accountNumber);
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(all.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(d, 0, 12);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
