package org.factorline.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.factorline.notifications.internal.NotificationRepository;
import org.factorline.outreach.Letters;
import org.factorline.support.FactorlineTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The digest as rendered, compared with src/test/resources/golden/notifications. When a change to the
 * template is intended, run with {@code -Dgolden.rewrite=true} and review the diff.
 */
@FactorlineTest
class DigestTemplateGoldenTest {

    static final Path DIRECTORY = Path.of("src", "test", "resources", "golden", "notifications");

    @Autowired
    Digests digests;

    @Autowired
    Letters letters;

    private static NotificationRepository.Line line(String number, String debtor, String amount, String at) {
        return new NotificationRepository.Line(
                UUID.nameUUIDFromBytes(number.getBytes(StandardCharsets.UTF_8)),
                number,
                debtor,
                new BigDecimal(amount),
                "USD",
                Instant.parse(at),
                null);
    }

    @Test
    void everySectionAndOnlyTheNonEmptyOnes() {
        Map<String, Object> all = digests.model(
                "Lone Star Freight",
                "Pat Rivera",
                LocalDate.parse("2026-03-03"),
                List.of(line("F-1001", "Shared Foods", "10000.00", "2026-03-02T15:00:00Z")),
                List.of(line("F-0990", "Gulf Grocers", "2450.50", "2026-03-02T19:30:00Z")),
                List.of(line("F-1002", "Shared Foods", "640.00", "2026-03-02T21:00:00Z")),
                List.of(
                        new NotificationRepository.Planned(
                                "Gulf Grocers", "STATUS_CHECK", Instant.parse("2026-03-04T15:00:00Z"), null),
                        new NotificationRepository.Planned(
                                "Shared Foods",
                                "NOTICE",
                                null,
                                "outside the debtor's business hours; planned when they open (2026-03-03)")));
        assertMatchesGolden("digest-all.txt", letters.render("mail/digest.txt", all));
        assertMatchesGolden("digest-all.html", letters.render("mail/digest", all));

        Map<String, Object> paidOnly = digests.model(
                "Lone Star Freight",
                "Pat Rivera",
                LocalDate.parse("2026-03-03"),
                List.of(),
                List.of(line("F-0990", "Gulf Grocers", "2450.50", "2026-03-02T19:30:00Z")),
                List.of(),
                List.of());
        String text = letters.render("mail/digest.txt", paidOnly);
        assertMatchesGolden("digest-paid-only.txt", text);
        assertThat(text).doesNotContain("Funded").doesNotContain("Disputes").doesNotContain("planned in");
    }

    static void assertMatchesGolden(String name, String actual) {
        Path golden = DIRECTORY.resolve(name);
        try {
            if (Boolean.getBoolean("golden.rewrite")) {
                Files.createDirectories(DIRECTORY);
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(golden)) {
                fail("No golden file " + golden.toAbsolutePath()
                        + "; run the tests once with -Dgolden.rewrite=true, check it by hand and keep it");
            }
            assertThat(actual)
                    .as("%s (rewrite with -Dgolden.rewrite=true if the change is intended)", golden)
                    .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write " + golden, e);
        }
    }
}
