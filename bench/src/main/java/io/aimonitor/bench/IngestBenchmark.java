package io.aimonitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Drives OTLP/HTTP metrics at a set rate and series count into a standalone AIMonitor (started here
 * as its own process, or an already running one with --url, --pid and --admin-password) and prints
 * points/s accepted, points/s stored, end-to-end lag p50/p99 (a probe point's send time to its
 * appearance in the query API) and the server's RSS and CPU. The load authenticates with an ingest
 * API key, as agents do.
 *
 * <pre>
 * java -cp bench/target/classes:... io.aimonitor.bench.IngestBenchmark --rate 500000 --series 100000 --duration 60
 * </pre>
 */
public final class IngestBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = StandaloneServer.options(args);
        long rate = Long.parseLong(o.getOrDefault("rate", "500000"));
        int series = Integer.parseInt(o.getOrDefault("series", "100000"));
        int perRequest = Integer.parseInt(o.getOrDefault("points-per-request", "2000"));
        int seconds = Integer.parseInt(o.getOrDefault("duration", "60"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "15"));
        int inFlight = Integer.parseInt(o.getOrDefault("in-flight", "8"));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        o.putIfAbsent("jfr-delay", Integer.toString(warmup));
        o.putIfAbsent("jfr-duration", Integer.toString(seconds));
        try (StandaloneServer server = StandaloneServer.start(o, http)) {
            run(http, server, rate, series, perRequest, seconds, warmup, inFlight);
        }
    }

    private static void run(
            HttpClient http,
            StandaloneServer server,
            long rate,
            int series,
            int perRequest,
            int seconds,
            int warmup,
            int inFlight)
            throws Exception {
        String url = server.url;
        long pid = server.pid;
        BenchAuth auth = server.auth;
        LagProbe probe = new LagProbe(http, url, auth);
        long begin = System.nanoTime();
        try (BackgroundLoad load =
                BackgroundLoad.start(http, server, rate, series, perRequest, inFlight)) {
            System.out.printf("target %,d points/s over %,d series%n", rate, series);
            long measureFrom = begin + Duration.ofSeconds(warmup).toNanos();
            long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
            Snapshot first = null;
            for (long next = begin + 5_000_000_000L; next <= end; next += 5_000_000_000L) {
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                if (first == null && next >= measureFrom) {
                    first = Snapshot.take(load, http, url, auth, pid);
                    probe.startMeasuring();
                }
                System.out.printf(
                        "%5.0f s  accepted %,d points  failed %,d  RSS %s%n",
                        (next - begin) / 1e9,
                        load.accepted(),
                        load.failed(),
                        StandaloneServer.mib(ProcessStats.of(pid).rssBytes()));
            }
            load.stopAndWait();
            Snapshot last = Snapshot.take(load, http, url, auth, pid);
            probe.drain(Duration.ofSeconds(20));
            report(rate, series, seconds, first, last, load.failed(), probe);
        }
    }

    private record Snapshot(long nanos, long accepted, long stored, ProcessStats stats) {
        static Snapshot take(
                BackgroundLoad load, HttpClient http, String url, BenchAuth auth, long pid)
                throws Exception {
            return new Snapshot(
                    System.nanoTime(),
                    load.accepted(),
                    storedPoints(http, url, auth),
                    ProcessStats.of(pid));
        }
    }

    /** Stored points of every bench metric, from the hourly rollup. */
    static long storedPoints(HttpClient http, String url, BenchAuth auth) throws Exception {
        long total = 0;
        for (int m = 0; m < OtlpLoad.METRICS; m++) {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    url
                                                            + "/api/v1/query_range?metric="
                                                            + OtlpLoad.METRIC_PREFIX
                                                            + m
                                                            + "&agg=count&step=1h&from=now-1d&to="
                                                            + (System.currentTimeMillis() / 1000
                                                                    + 3600)))
                                    .header("Authorization", auth.queryHeader())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            for (JsonNode s : JSON.readTree(r.body()).path("series")) {
                for (JsonNode p : s.path("points")) {
                    total += p.get(1).asLong();
                }
            }
        }
        return total;
    }

    private static void report(
            long rate,
            int series,
            int seconds,
            Snapshot a,
            Snapshot b,
            long failed,
            LagProbe probe) {
        Histogram lags = probe.lags();
        double elapsed = (b.nanos() - a.nanos()) / 1e9;
        System.out.println();
        System.out.printf(
                "target            %,d points/s, %,d series, %d s measured%n",
                rate, series, seconds);
        System.out.printf(
                "accepted          %,.0f points/s%n", (b.accepted() - a.accepted()) / elapsed);
        System.out.printf(
                "stored            %,.0f points/s%n", (b.stored() - a.stored()) / elapsed);
        System.out.printf("failed            %,d points%n", failed);
        System.out.printf(
                "end-to-end lag    p50 %.2f s, p99 %.2f s, max %.2f s (%d probes)%n",
                lags.getValueAtPercentile(50) / 1000.0,
                lags.getValueAtPercentile(99) / 1000.0,
                lags.getMaxValue() / 1000.0,
                lags.getTotalCount());
        if (probe.unseen() > 0) {
            System.out.printf(
                    "                  %d probes not visible within 20 s of the end%n",
                    probe.unseen());
        }
        System.out.printf(
                "server RSS        %s at end%n", StandaloneServer.mib(b.stats().rssBytes()));
        System.out.printf(
                "server CPU        %.2f cores%n",
                (b.stats().cpuSeconds() - a.stats().cpuSeconds()) / elapsed);
    }
}
