package io.aimonitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * Spans end to end in standalone mode: OTLP/HTTP trace requests (20 traces of 10 spans across 3
 * services each) at a fixed rate for a while; then the time until the last trace sent can be read
 * back through the trace API (what the pipeline still had to do), and trace-by-id latency over
 * traces sent earlier; then, to show the trace analytics kept up, the time until the traces job's
 * RED windows count every root call sent (their 1-minute windows close after the minute is over).
 *
 * <pre>
 * java -cp bench/target/classes:... io.aimonitor.bench.TracesBenchmark --rate 50000 --duration 60
 * </pre>
 */
public final class TracesBenchmark {
    private static final int TRACES_PER_REQUEST = 20;
    private static final int SPANS_PER_TRACE = 10;
    private static final String[] SERVICES = {"frontend", "checkout", "payments"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private TracesBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = StandaloneServer.options(args);
        long rate = Long.parseLong(o.getOrDefault("rate", "50000"));
        int seconds = Integer.parseInt(o.getOrDefault("duration", "60"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (StandaloneServer server = StandaloneServer.start(o, http)) {
            List<String> sentTraces = new ArrayList<>();
            PacedSender sender =
                    new PacedSender(
                            http,
                            URI.create(server.url + "/v1/traces"),
                            server.auth.ingestHeader(),
                            rate,
                            8);
            ProcessStats before = ProcessStats.of(server.pid);
            long startMs = System.currentTimeMillis();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            String lastTrace = null;
            while (System.nanoTime() < end) {
                List<String> ids = new ArrayList<>();
                byte[] body = request(ids).toByteArray();
                lastTrace = ids.get(ids.size() - 1);
                if (sentTraces.size() < 100_000) {
                    sentTraces.add(ids.get(0));
                }
                sender.send(body, TRACES_PER_REQUEST * SPANS_PER_TRACE);
            }
            sender.drain();
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            ProcessStats afterSend = ProcessStats.of(server.pid);
            long drainStart = System.nanoTime();
            while (get(http, server, "/api/v1/traces/" + lastTrace) != 200) {
                Thread.sleep(100);
                if (System.nanoTime() - drainStart > 600_000_000_000L) {
                    throw new IllegalStateException("the last trace never arrived");
                }
            }
            double drain = (System.nanoTime() - drainStart) / 1e9;
            Histogram latency = new Histogram(60_000_000L, 3);
            for (int i = 0; i < 300; i++) {
                String id = sentTraces.get(ThreadLocalRandom.current().nextInt(sentTraces.size()));
                long t = System.nanoTime();
                int status = get(http, server, "/api/v1/traces/" + id);
                latency.recordValue((System.nanoTime() - t) / 1000);
                if (status != 200) {
                    throw new IllegalStateException("trace " + id + " answered " + status);
                }
            }
            System.out.printf(
                    "%nspans offered %,d/s for %d s: accepted %,.0f/s (%,d failed); stored end to end %,.0f/s"
                            + " (last trace readable %.1f s after the last request)%n",
                    rate,
                    seconds,
                    sender.accepted() / sendSeconds,
                    sender.failed(),
                    sender.accepted() / (sendSeconds + drain),
                    drain);
            System.out.printf(
                    "server while sending: %.2f cores, RSS %.2f GiB%n",
                    (afterSend.cpuSeconds() - before.cpuSeconds()) / sendSeconds,
                    afterSend.rssBytes() / (double) (1L << 30));
            System.out.printf(
                    "trace by id (10 spans, API + ClickHouse): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0,
                    latency.getMaxValue() / 1000.0);
            long rootCalls = sender.accepted() / SPANS_PER_TRACE;
            long counted = awaitRootCalls(http, server, startMs, rootCalls);
            System.out.printf(
                    "RED of the root service: %,d of %,d calls counted, complete %.1f s after the last request%n",
                    counted, rootCalls, (System.nanoTime() - drainStart) / 1e9);
        }
    }

    /** Polls the root service's RED until it counts every root call sent, or five minutes pass. */
    private static long awaitRootCalls(
            HttpClient http, StandaloneServer server, long startMs, long expected)
            throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        long counted = 0;
        while (counted < expected && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            String path =
                    "/api/v1/apm/services?from="
                            + (startMs / 1000 - 120)
                            + "&to="
                            + (System.currentTimeMillis() / 1000 + 120);
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(server.url + path))
                                    .header("Authorization", server.auth.queryHeader())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            for (JsonNode service : JSON.readTree(r.body()).path("services")) {
                if (service.path("service").asText().equals(SERVICES[0])) {
                    counted = service.path("calls").asLong();
                }
            }
        }
        return counted;
    }

    private static int get(HttpClient http, StandaloneServer server, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(server.url + path))
                                .header("Authorization", server.auth.queryHeader())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** 20 traces of 10 spans: a frontend root, checkout children, payments grandchildren. */
    private static ExportTraceServiceRequest request(List<String> traceIds) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long now = System.currentTimeMillis() * 1_000_000L;
        ResourceSpans.Builder[] byService = new ResourceSpans.Builder[SERVICES.length];
        for (int s = 0; s < SERVICES.length; s++) {
            byService[s] =
                    ResourceSpans.newBuilder()
                            .setResource(
                                    Resource.newBuilder()
                                            .addAttributes(attr("service.name", SERVICES[s])))
                            .addScopeSpans(ScopeSpans.newBuilder());
        }
        for (int t = 0; t < TRACES_PER_REQUEST; t++) {
            byte[] trace = new byte[16];
            random.nextBytes(trace);
            traceIds.add(HexFormat.of().formatHex(trace));
            byte[] root = id(random);
            for (int i = 0; i < SPANS_PER_TRACE; i++) {
                int service = i == 0 ? 0 : 1 + i % 2;
                byte[] spanId = i == 0 ? root : id(random);
                Span.Builder span =
                        Span.newBuilder()
                                .setTraceId(ByteString.copyFrom(trace))
                                .setSpanId(ByteString.copyFrom(spanId))
                                .setName(i == 0 ? "GET /cart" : "op-" + i % 4)
                                .setKind(
                                        i == 0
                                                ? Span.SpanKind.SPAN_KIND_SERVER
                                                : Span.SpanKind.SPAN_KIND_INTERNAL)
                                .setStartTimeUnixNano(now + i * 1_000_000L)
                                .setEndTimeUnixNano(
                                        now + i * 1_000_000L + random.nextLong(100_000, 50_000_000))
                                .addAttributes(attr("http.route", "/cart"));
                if (i > 0) {
                    span.setParentSpanId(ByteString.copyFrom(root));
                }
                byService[service].getScopeSpansBuilder(0).addSpans(span);
            }
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (ResourceSpans.Builder rs : byService) {
            request.addResourceSpans(rs);
        }
        return request.build();
    }

    private static byte[] id(ThreadLocalRandom random) {
        byte[] id = new byte[8];
        random.nextBytes(id);
        id[0] |= 1; // never all zero
        return id;
    }

    private static KeyValue attr(String k, String v) {
        return KeyValue.newBuilder()
                .setKey(k)
                .setValue(AnyValue.newBuilder().setStringValue(v))
                .build();
    }
}
