package io.aimonitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * End-to-end lag: a probe gauge carrying its own send time (a series of its own) is sent every 200
 * ms; a poller asks the query API for new probe values every 100 ms and records how long each took
 * to become visible.
 */
final class LagProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String url;
    private final BenchAuth auth;
    private final Map<Long, Long> pending = new ConcurrentHashMap<>();
    private final Histogram lags = new Histogram(3_600_000L, 3);
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(2);
    private volatile boolean measuring;

    LagProbe(HttpClient http, String url, BenchAuth auth) {
        this.http = http;
        this.url = url;
        this.auth = auth;
        poller.scheduleWithFixedDelay(this::poll, 100, 100, TimeUnit.MILLISECONDS);
        poller.scheduleAtFixedRate(this::send, 0, 200, TimeUnit.MILLISECONDS);
    }

    void startMeasuring() {
        measuring = true;
    }

    private void send() {
        long now = System.currentTimeMillis();
        if (measuring) {
            pending.put(now, now);
        }
        http.sendAsync(
                HttpRequest.newBuilder(URI.create(url + "/v1/metrics"))
                        .header("Content-Type", "application/x-protobuf")
                        .header("Authorization", auth.ingestHeader())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(probe(now)))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** A gauge whose value is its send time, in a series of its own (label seq). */
    private static byte[] probe(long now) {
        NumberDataPoint point =
                NumberDataPoint.newBuilder()
                        .setTimeUnixNano(now * 1_000_000L)
                        .setAsDouble(now)
                        .addAttributes(
                                KeyValue.newBuilder()
                                        .setKey("seq")
                                        .setValue(
                                                AnyValue.newBuilder()
                                                        .setStringValue(Long.toString(now))))
                        .build();
        Metric metric =
                Metric.newBuilder()
                        .setName("bench.probe")
                        .setGauge(Gauge.newBuilder().addDataPoints(point))
                        .build();
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(
                        ResourceMetrics.newBuilder()
                                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric)))
                .build()
                .toByteArray();
    }

    private void poll() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            long oldest = pending.keySet().stream().min(Long::compare).orElseThrow();
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    url
                                                            + "/api/v1/query_range?metric=bench.probe&agg=max&step=1s&group_by=seq&from="
                                                            + (oldest / 1000 - 1)
                                                            + "&to="
                                                            + (System.currentTimeMillis() / 1000
                                                                    + 2)))
                                    .header("Authorization", auth.queryHeader())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            long seenAt = System.currentTimeMillis();
            for (JsonNode s : JSON.readTree(r.body()).path("series")) {
                for (JsonNode p : s.path("points")) {
                    Long sent = pending.remove(p.get(1).asLong());
                    if (sent != null) {
                        lags.recordValue(Math.max(0, seenAt - sent));
                    }
                }
            }
        } catch (Exception e) {
            // the next poll tries again
        }
    }

    /** Stops measuring and waits for the probes already sent to appear. */
    void drain(Duration timeout) throws InterruptedException {
        measuring = false;
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!pending.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        poller.shutdownNow();
    }

    int unseen() {
        return pending.size();
    }

    Histogram lags() {
        return lags;
    }
}
