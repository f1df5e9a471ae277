package org.factorline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's start script {@code src/dist/bin/factorline} (docs/OPERATIONS.md), run against a stand-in
 * {@code java} that prints the arguments it is given: when it passes the class-data-sharing archive, that the
 * application's arguments and {@code JAVA_OPTS} go through, and that without an archive made in its own
 * directory it starts without one. The build's training run and CI's start of the real distribution
 * ({@code .ci/run}: the simulation with {@code -Xshare:on}, the start-up bench to health UP) cover the rest.
 */
class DistributionScriptTest {

    @TempDir
    Path tmp;

    Path dist;
    Path jdk;

    @BeforeEach
    void lay() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "a POSIX shell");
        dist = Files.createDirectories(tmp.resolve("factorline-1.0")).toRealPath();
        Path bin = Files.createDirectories(dist.resolve("bin"));
        Files.copy(Path.of("src", "dist", "bin", "factorline"), bin.resolve("factorline"));
        assertThat(bin.resolve("factorline").toFile().setExecutable(true)).isTrue();
        Files.createDirectories(dist.resolve("app"));
        Files.write(dist.resolve("app").resolve("factorline.jar"), new byte[0]);
        jdk = Files.createDirectories(tmp.resolve("jdk").resolve("bin")).getParent();
        Path java = jdk.resolve("bin").resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
    }

    @Test
    void withAnArchiveMadeHereItStartsTheExtractedJarWithItAndPassesOptionsAndArgumentsThrough() throws Exception {
        archive(dist.toString());

        Run run = run(dist.resolve("bin").resolve("factorline"), "-Xmx64m -Dx=y", "--server.port=9090", "a b");

        assertThat(run.out())
                .containsExactly(
                        "-Xmx64m",
                        "-Dx=y",
                        "-XX:SharedArchiveFile=" + dist.resolve("app").resolve("factorline.jsa"),
                        "-jar",
                        dist.resolve("app").resolve("factorline.jar").toString(),
                        "--server.port=9090",
                        "a b");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
    }

    @Test
    void withoutAnArchiveItStartsWithoutOneAndSaysHowToMakeIt() throws Exception {
        Run run = run(dist.resolve("bin").resolve("factorline"), null, "simulate");

        assertThat(run.out())
                .containsExactly(
                        "-jar", dist.resolve("app").resolve("factorline.jar").toString(), "simulate");
        assertThat(run.err()).contains("no class-data-sharing archive").contains("bin/factorline-cds");
        assertThat(run.exit()).isZero();
    }

    @Test
    void anArchiveMadeInAnotherDirectoryIsLeftOut() throws Exception {
        archive("/opt/elsewhere/factorline-1.0");

        Run run = run(dist.resolve("bin").resolve("factorline"), null);

        assertThat(run.out())
                .containsExactly(
                        "-jar", dist.resolve("app").resolve("factorline.jar").toString());
        assertThat(run.err()).contains("made in another directory");
    }

    @Test
    void startedThroughALinkItFindsItsOwnDirectory() throws Exception {
        archive(dist.toString());
        Path link = Files.createDirectories(tmp.resolve("usr-bin")).resolve("factorline");
        Files.createSymbolicLink(link, dist.resolve("bin").resolve("factorline"));

        Run run = run(link, null);

        assertThat(run.out())
                .containsExactly(
                        "-XX:SharedArchiveFile=" + dist.resolve("app").resolve("factorline.jsa"),
                        "-jar",
                        dist.resolve("app").resolve("factorline.jar").toString());
    }

    void archive(String madeIn) throws IOException {
        Files.write(dist.resolve("app").resolve("factorline.jsa"), new byte[] {1});
        Files.writeString(dist.resolve("app").resolve("factorline.jsa.home"), madeIn + "\n");
    }

    record Run(List<String> out, String err, int exit) {}

    Run run(Path script, String javaOpts, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", jdk.toString());
        env.remove("JAVA_OPTS");
        if (javaOpts != null) {
            env.put("JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Run(out.lines().toList(), err, p.exitValue());
    }
}
