package io.aimonitor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The system under test: a standalone AIMonitor started here in its own process (the shaded jar, a
 * fresh data directory), or one already running ({@code --url}, {@code --pid}, {@code
 * --admin-password}). Either way the benchmark logs in as the admin.
 */
final class StandaloneServer implements AutoCloseable {
    static final String ADMIN_PASSWORD = "Bench-admin-1";

    final String url;
    final long pid;
    final BenchAuth auth;
    private final Process process;

    private StandaloneServer(String url, long pid, Process process, BenchAuth auth) {
        this.url = url;
        this.pid = pid;
        this.process = process;
        this.auth = auth;
    }

    /**
     * Options: {@code url}, {@code pid}, {@code admin-password} for a running server; else {@code
     * jar}, {@code heap}, {@code jfr} (with {@code jfr-delay} and {@code jfr-duration} seconds),
     * {@code server-args}.
     */
    static StandaloneServer start(Map<String, String> o, HttpClient http) throws Exception {
        if (o.containsKey("url")) {
            String url = o.get("url");
            return new StandaloneServer(
                    url,
                    Long.parseLong(o.getOrDefault("pid", "-1")),
                    null,
                    BenchAuth.setUp(http, url, o.getOrDefault("admin-password", ADMIN_PASSWORD)));
        }
        Path data = Files.createTempDirectory("aimonitor-bench");
        String jar = o.getOrDefault("jar", "standalone/target/aimonitor-standalone.jar");
        List<String> cmd = new ArrayList<>(List.of("java", o.getOrDefault("heap", "-Xmx2g")));
        if (o.containsKey("jfr")) {
            cmd.add(
                    "-XX:StartFlightRecording=filename="
                            + o.get("jfr")
                            + ",settings=profile,delay="
                            + o.getOrDefault("jfr-delay", "15")
                            + "s,duration="
                            + o.getOrDefault("jfr-duration", "60")
                            + "s");
        }
        cmd.addAll(
                List.of(
                        "-jar",
                        jar,
                        "--data-dir=" + data,
                        "--server.port=18480",
                        "--kafka.embedded.port=19480",
                        "--auth.admin-password=" + ADMIN_PASSWORD));
        if (o.containsKey("server-args")) {
            cmd.addAll(List.of(o.get("server-args").trim().split("\\s+")));
        }
        Process process =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile())
                        .start();
        String url = "http://127.0.0.1:18480";
        awaitReady(url);
        System.out.printf("standalone pid %d, data %s%n", process.pid(), data);
        return new StandaloneServer(
                url, process.pid(), process, BenchAuth.setUp(http, url, ADMIN_PASSWORD));
    }

    private static void awaitReady(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(url + "/ready")).build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("standalone not ready at " + url);
    }

    /** {@code --key value} or {@code --key=value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                o.put(a.substring(2, eq), a.substring(eq + 1));
            } else {
                o.put(a.substring(2), args[++i]);
            }
        }
        return o;
    }

    static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format("%,d MiB", bytes >> 20);
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }
}
