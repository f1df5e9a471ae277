package org.factorline.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rendered messages compared with the ones kept in src/test/resources/golden/outreach, as the payouts
 * module does for its bank files. When a change to a template is intended, run the tests with
 * {@code -Dgolden.rewrite=true}: the files are rewritten instead of compared, and the diff shows up in
 * review like any other change.
 */
final class GoldenFiles {

    static final Path DIRECTORY = Path.of("src", "test", "resources", "golden", "outreach");

    private GoldenFiles() {}

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
