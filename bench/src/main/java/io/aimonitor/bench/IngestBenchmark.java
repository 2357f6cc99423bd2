package io.aimonitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
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
        List<OtlpLoad.Template> templates = OtlpLoad.templates(series, perRequest);
        int pointsPerTemplate = templates.get(0).points;
        System.out.printf(
                "target %,d points/s over %,d series: %d requests of %,d points per round%n",
                rate, templates.size() * pointsPerTemplate, templates.size(), pointsPerTemplate);

        URI ingest = URI.create(url + "/v1/metrics");
        LongAdder accepted = new LongAdder();
        LongAdder failed = new LongAdder();
        Semaphore slots = new Semaphore(inFlight);
        LagProbe probe = new LagProbe(http, url, auth);
        long startNanos = System.currentTimeMillis() * 1_000_000L;
        long begin = System.nanoTime();
        long end = begin + Duration.ofSeconds(warmup + seconds).toNanos();
        long measureFrom = begin + Duration.ofSeconds(warmup).toNanos();
        long sentPoints = 0;
        long round = 0;
        Snapshot first = null;
        long nextReport = begin + 5_000_000_000L;
        while (System.nanoTime() < end) {
            for (OtlpLoad.Template t : templates) {
                // pace: points sent so far must not run ahead of rate * elapsed
                long due = begin + (long) (sentPoints * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                byte[] body = t.stamp(System.currentTimeMillis() * 1_000_000L, startNanos, round);
                slots.acquire();
                int points = t.points;
                http.sendAsync(
                                HttpRequest.newBuilder(ingest)
                                        .header("Content-Type", "application/x-protobuf")
                                        .header("Authorization", auth.ingestHeader())
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .whenComplete(
                                (r, e) -> {
                                    slots.release();
                                    if (e == null && r.statusCode() == 200) {
                                        accepted.add(points);
                                    } else {
                                        failed.add(points);
                                    }
                                });
                sentPoints += points;
                probe.maybeSend();
                long now = System.nanoTime();
                if (first == null && now >= measureFrom) {
                    first = Snapshot.take(accepted, http, url, auth, pid);
                    probe.startMeasuring();
                }
                if (now >= nextReport) {
                    nextReport += 5_000_000_000L;
                    ProcessStats ps = ProcessStats.of(pid);
                    System.out.printf(
                            "%5.0f s  accepted %,d points  failed %,d  RSS %s%n",
                            (now - begin) / 1e9,
                            accepted.sum(),
                            failed.sum(),
                            StandaloneServer.mib(ps.rssBytes()));
                }
                if (now >= end) {
                    break;
                }
            }
            round++;
        }
        slots.acquire(inFlight);
        Snapshot last = Snapshot.take(accepted, http, url, auth, pid);
        probe.drain(Duration.ofSeconds(20));
        report(rate, series, seconds, first, last, failed.sum(), probe);
    }

    private record Snapshot(long nanos, long accepted, long stored, ProcessStats stats) {
        static Snapshot take(
                LongAdder accepted, HttpClient http, String url, BenchAuth auth, long pid)
                throws Exception {
            return new Snapshot(
                    System.nanoTime(),
                    accepted.sum(),
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
