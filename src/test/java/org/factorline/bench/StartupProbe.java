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
 * from {@code jcmd GC.heap_info}). Uses the packaged jar when it is there, otherwise the harness's classpath.
 */
final class StartupProbe {

    record Reading(String how, double startSeconds, double healthSeconds, long idleHeapMb, String log) {}

    static Reading run(String label, Map<String, String> env, Path workDir, List<String> args) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        String jar = System.getProperty("bench.jar");
        String how;
        if (jar != null) {
            command.addAll(List.of("-jar", Path.of(jar).toAbsolutePath().toString()));
            how = "java -Xmx512m -jar " + Path.of(jar).getFileName();
        } else {
            command.addAll(
                    List.of("-cp", System.getProperty("java.class.path"), "org.factorline.FactorlineApplication"));
            how = "java -Xmx512m -cp (the build's classpath) org.factorline.FactorlineApplication";
        }
        command.add("--server.port=" + port);
        command.addAll(args);
        Files.createDirectories(workDir);
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("DB_"));
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
        try {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(1))
                    .build();
            double health = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && p.isAlive()) {
                try {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("UP")) {
                        health = (System.nanoTime() - t0) / 1e9;
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            if (health < 0) {
                throw new IllegalStateException(label + ": the application did not answer UP within 120 s:\n" + log);
            }
            double started = -1;
            Matcher m;
            synchronized (log) {
                m = Pattern.compile("Started FactorlineApplication in ([0-9.]+) seconds")
                        .matcher(log);
                if (m.find()) {
                    started = Double.parseDouble(m.group(1));
                }
            }
            Thread.sleep(10_000); // idle: demo loading and start-up jobs done
            jcmd(p.pid(), "GC.run");
            String info = jcmd(p.pid(), "GC.heap_info");
            Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
            long usedKb = used.find() ? Long.parseLong(used.group(1)) : -1;
            String text;
            synchronized (log) {
                text = log.toString();
            }
            return new Reading(how, started, health, usedKb < 0 ? -1 : usedKb / 1024, text);
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
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
