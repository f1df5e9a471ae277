package org.factorline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules for every template, including pages no browser test opens: a table that scrolls sideways on a phone
 * can be reached with the keyboard (axe-core's scrollable-region-focusable found ones that could not).
 */
class TemplateLintTest {

    static final Path TEMPLATES = Path.of("src/main/resources/templates");
    static final Pattern TABLE_WRAP = Pattern.compile("<[a-z]+[^>]*class=\"table-wrap\"[^>]*>");

    @Test
    void everyScrollingTableCanBeReachedWithTheKeyboard() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                String html = Files.readString(file);
                Matcher m = TABLE_WRAP.matcher(html);
                while (m.find()) {
                    if (!m.group().contains("tabindex=\"0\"")) {
                        int line = html.substring(0, m.start()).split("\n", -1).length;
                        found.add(TEMPLATES.relativize(file) + ":" + line + " " + m.group());
                    }
                }
            }
        }
        assertThat(found).as("table-wrap elements without tabindex=\"0\"").isEmpty();
    }
}
