package org.factorline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the application in a process of its own, as it is deployed, and reads how long it took to start
 * (until the health endpoint answers UP) and how much heap it holds once idle (after a full collection,
 * from {@code jcmd GC.heap_info}). Uses the packaged jar when it is there, otherwise the harness's classpath;
 * or the distribution the build makes, through its start script with its class-data-sharing archive.
 */
final class StartupProbe {

    record Reading(String how, double startSeconds, double healthSeconds, long idleHeapMb, String log) {}

    /** The application running in a process of its own, with the port it listens on and its log so far. */
    record Running(Process process, int port, String how, long startedNanos, StringBuilder log)
            implements AutoCloseable {

        String logText() {
            synchronized (log) {
                return log.toString();
            }
        }

        /**
         * Waits until the health endpoint answers UP and gives the seconds since the process was started.
         */
        double awaitHealthy(String label) throws Exception {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(1))
                    .build();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("UP")) {
                        return (System.nanoTime() - startedNanos) / 1e9;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException(label + ": the application did not answer UP within 120 s:\n" + logText());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * How the application is launched: the command up to its own arguments, the environment it adds, and a
     * line saying so.
     */
    record Launch(List<String> command, Map<String, String> env, String how) {

        /**
         * The packaged jar, as it is deployed, when the build made one that is not older than the compiled
         * classes (property {@code bench.jar}); otherwise the harness's own classpath, which says so.
         */
        static Launch plain() {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path jar = packagedJar();
            if (jar != null) {
                return new Launch(
                        List.of(java, "-Xmx512m", "-jar", jar.toAbsolutePath().toString()),
                        Map.of(),
                        "java -Xmx512m -jar " + jar.getFileName());
            }
            return new Launch(
                    List.of(
                            java,
                            "-Xmx512m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "org.factorline.FactorlineApplication"),
                    Map.of(),
                    "java -Xmx512m -cp (the build's test classpath: no packaged jar newer than the classes)"
                            + " org.factorline.FactorlineApplication");
        }

        /**
         * The distribution the build makes (property {@code bench.dist}, {@code target/factorline-<version>}),
         * started exactly as it is deployed: its script {@code bin/factorline}, which runs the extracted jar
         * with the class-data-sharing archive the build's training run made, on this JVM ({@code JAVA_HOME})
         * with {@code JAVA_OPTS="-Xmx512m -Xshare:on"} (so the start fails rather than run without the archive
         * and be counted as with it). Null, with {@link #distributionMissing()} saying why, when there is
         * no distribution with an archive made for it from a jar newer than the classes.
         */
        static Launch distribution() {
            if (distributionMissing() != null) {
                return null;
            }
            Path dist = Path.of(System.getProperty("bench.dist")).toAbsolutePath();
            return new Launch(
                    List.of(dist.resolve("bin").resolve("factorline").toString()),
                    Map.of("JAVA_HOME", System.getProperty("java.home"), "JAVA_OPTS", "-Xmx512m -Xshare:on"),
                    "the distribution's start script, JAVA_OPTS='-Xmx512m -Xshare:on' bin/factorline: java"
                            + " -Xmx512m -Xshare:on -XX:SharedArchiveFile=app/factorline.jsa -jar app/factorline.jar");
        }

        /** Why {@link #distribution()} has nothing to start, or null when it has. */
        static String distributionMissing() {
            Path jar = packagedJar();
            if (jar == null) {
                return "no packaged jar newer than the classes";
            }
            String name = System.getProperty("bench.dist");
            if (name == null || !Files.isExecutable(Path.of(name, "bin", "factorline"))) {
                return "no distribution " + name + " with bin/factorline";
            }
            Path dist = Path.of(name).toAbsolutePath();
            Path archive = dist.resolve("app").resolve("factorline.jsa");
            try {
                if (!Files.isRegularFile(archive)
                        || Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) < 0) {
                    return "the distribution has no class-data-sharing archive made from this jar"
                            + " (built with -Dfactorline.cds.skip=true?)";
                }
                String home = Files.readString(dist.resolve("app").resolve("factorline.jsa.home"))
                        .trim();
                if (!Path.of(home).equals(dist.toRealPath())) {
                    return "the distribution's archive was made in " + home;
                }
            } catch (IOException e) {
                return "the distribution's archive cannot be read: " + e;
            }
            return null;
        }

        static Path packagedJar() {
            String name = System.getProperty("bench.jar");
            if (name == null || !Files.isRegularFile(Path.of(name))) {
                return null;
            }
            Path jar = Path.of(name);
            try (var classes = Files.walk(Path.of("target", "classes"))) {
                long newest = classes.filter(Files::isRegularFile)
                        .mapToLong(f -> f.toFile().lastModified())
                        .max()
                        .orElse(0);
                return jar.toFile().lastModified() >= newest ? jar : null;
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** Starts the application as {@link Launch#plain()} launches it, with this environment and these arguments. */
    static Running start(Map<String, String> env, Path workDir, List<String> args) throws IOException {
        return start(Launch.plain(), env, workDir, args);
    }

    static Running start(Launch launch, Map<String, String> env, Path workDir, List<String> args) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(launch.command());
        String how = launch.how();
        command.add("--server.port=" + port);
        command.addAll(args);
        Files.createDirectories(workDir);
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DB_") || k.equals("JAVA_OPTS"));
        pb.environment().putAll(launch.env());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new Running(p, port, how, t0, log);
    }

    static Reading run(String label, Launch launch, Map<String, String> env, Path workDir, List<String> args)
            throws Exception {
        try (Running app = start(launch, env, workDir, args)) {
            double health = app.awaitHealthy(label);
            double started = -1;
            Matcher m = Pattern.compile("Started FactorlineApplication in ([0-9.]+) seconds")
                    .matcher(app.logText());
            if (m.find()) {
                started = Double.parseDouble(m.group(1));
            }
            Thread.sleep(10_000); // idle: demo loading and start-up jobs done
            jcmd(app.process().pid(), "GC.run");
            String info = jcmd(app.process().pid(), "GC.heap_info");
            Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
            long usedKb = used.find() ? Long.parseLong(used.group(1)) : -1;
            return new Reading(app.how(), started, health, usedKb < 0 ? -1 : usedKb / 1024, app.logText());
        }
    }

    static String jcmd(long pid, String what) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), what)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private StartupProbe() {}
}
