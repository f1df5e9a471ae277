package org.factorline.payouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generated files compared byte for byte with the ones kept in src/test/resources/golden/payouts. When
 * a change to a file is intended, run the tests with {@code -Dgolden.rewrite=true}: the files are
 * rewritten instead of compared, and the diff shows up in review like any other change.
 */
final class GoldenFiles {

    static final Path DIRECTORY = Path.of("src", "test", "resources", "golden", "payouts");

    private GoldenFiles() {}

    static void assertMatchesGolden(String name, byte[] actual) {
        Path golden = DIRECTORY.resolve(name);
        try {
            if (Boolean.getBoolean("golden.rewrite")) {
                Files.createDirectories(DIRECTORY);
                Files.write(golden, actual);
                return;
            }
            if (!Files.exists(golden)) {
                fail("No golden file " + golden.toAbsolutePath()
                        + "; run the tests once with -Dgolden.rewrite=true, check it by hand and keep it");
            }
            byte[] expected = Files.readAllBytes(golden);
            // As text first, so that a difference is shown line by line; then the bytes themselves.
            assertThat(new String(actual, StandardCharsets.ISO_8859_1))
                    .as("%s (rewrite with -Dgolden.rewrite=true if the change is intended)", golden)
                    .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
            assertThat(actual).as(golden.toString()).isEqualTo(expected);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write " + golden, e);
        }
    }
}
