package io.aimonitor.standalone;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.agent.Agent;
import io.aimonitor.agent.host.HostCollector;
import io.aimonitor.agent.otlp.OtlpEncoder;
import io.aimonitor.agent.ship.DiskBuffer;
import io.aimonitor.agent.ship.HttpShipper;
import io.aimonitor.agent.ship.ShippingLoop;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleBinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import oshi.SystemInfo;

/**
 * The real OpenTelemetry Java SDK exports known values over OTLP/HTTP (protobuf, gzip) into a
 * standalone process; the query API must return exactly those values - also after a SIGTERM and a
 * restart on the same data directory. Set up as an operator would: the admin password printed at
 * first start, a login, an ingest API key for the exporter.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneEndToEndITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private static final Pattern ADMIN_PASSWORD =
            Pattern.compile("Created the admin user 'admin' with password: (\\S+)");

    private static Path dataDir;
    private static String adminToken;
    private static String ingestKey;
    private static int apiPort;
    private static int kafkaPort;
    private static int grpcPort;
    private static StandaloneProcess standalone;
    private static SdkMeterProvider meters;
    private static PeriodicMetricReader reader;
    private static DoubleGauge temperature;
    private static LongCounter requests;
    private static DoubleHistogram latency;

    @BeforeAll
    static void startStandaloneAndSdk() throws Exception {
        dataDir = Files.createTempDirectory(Path.of("target"), "e2e-data").toAbsolutePath();
        apiPort = StandaloneProcess.freePort();
        kafkaPort = StandaloneProcess.freePort();
        grpcPort = StandaloneProcess.freePort();
        standalone =
                StandaloneProcess.start(
                        dataDir,
                        apiPort,
                        kafkaPort,
                        dataDir.resolveSibling(dataDir.getFileName() + "-1.log"),
                        "--server.otlp-grpc-port=" + grpcPort,
                        // short RED windows: the test need not wait for a minute to close
                        "--apm.window=5s");
        assertThat(standalone.awaitReady(READY_TIMEOUT))
                .matches(
                        "AIMonitor ready in [0-9.]+ s: API http://127.0.0.1:"
                                + apiPort
                                + ", OTLP/HTTP http://127.0.0.1:"
                                + apiPort
                                + "/v1/\\{metrics,traces\\}, OTLP/gRPC 127.0.0.1:"
                                + grpcPort
                                + ", Kafka 127.0.0.1:"
                                + kafkaPort
                                + ", Flink http://127.0.0.1:\\d+, data .*");

        adminToken = login(printedAdminPassword());
        ingestKey = createIngestKey();
        OtlpHttpMetricExporter exporter =
                OtlpHttpMetricExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + apiPort + "/v1/metrics")
                        .addHeader("Authorization", "Bearer " + ingestKey)
                        .setCompression("gzip")
                        .build();
        reader = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
        meters =
                SdkMeterProvider.builder()
                        .setResource(
                                Resource.create(
                                        Attributes.of(
                                                stringKey("service.name"),
                                                "e2e",
                                                stringKey("host.name"),
                                                "e2e-host")))
                        .registerMetricReader(reader)
                        .build();
        Meter meter = meters.get("e2e-test");
        temperature = meter.gaugeBuilder("e2e.temperature").setUnit("Cel").build();
        requests = meter.counterBuilder("e2e.requests").build();
        latency =
                meter.histogramBuilder("e2e.latency")
                        .setUnit("ms")
                        .setExplicitBucketBoundariesAdvice(List.of(10.0, 50.0, 100.0))
                        .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (meters != null) {
            meters.shutdown().join(10, TimeUnit.SECONDS);
        }
        if (standalone != null) {
            standalone.close();
        }
    }

    @Test
    @Order(1)
    void sdkValuesComeBackExactlyThroughTheQueryApi() throws Exception {
        awayFromAnHourBoundary();
        temperature.set(21.5);
        requests.add(5);
        for (double v : new double[] {5, 20, 30, 70, 150}) {
            latency.record(v);
        }
        export();
        Thread.sleep(1100);
        temperature.set(23.5);
        requests.add(7);
        latency.record(40);
        export();

        awaitTotal("e2e.latency", "count", 6);
        assertThat(total("e2e.temperature", "count")).isEqualTo(2);
        assertThat(fold("e2e.temperature", "max", Math::max)).isEqualTo(23.5);
        assertThat(fold("e2e.temperature", "min", Math::min)).isEqualTo(21.5);
        assertThat(total("e2e.requests", "sum")).isEqualTo(12);
        assertThat(total("e2e.requests", "rate") * 60).isCloseTo(12, within(1e-9));
        assertThat(total("e2e.latency", "sum")).isEqualTo(315);
        // 6 observations: (0,10]:1 (10,50]:3 (50,100]:1 (100,+Inf):1 -> rank 3 lies in (10,50]
        JsonNode p50 = query("e2e.latency", "p50", "3600");
        assertThat(p50.path("series").get(0).path("points").get(0).get(1).asDouble())
                .isCloseTo(10 + 40 * 2.0 / 3, within(1e-6));

        JsonNode meta = JSON.readTree(get("/api/v1/metrics?q=e2e.").body()).path("metrics");
        assertThat(meta)
                .extracting(
                        m ->
                                m.path("name").asText()
                                        + ":"
                                        + m.path("type").asText()
                                        + ":"
                                        + m.path("unit").asText())
                .containsExactly(
                        "e2e.latency:histogram:ms",
                        "e2e.requests:sum:",
                        "e2e.temperature:gauge:Cel");
        JsonNode hosts =
                JSON.readTree(get("/api/v1/labels/host.name/values?metric=e2e.requests").body());
        assertThat(hosts.path("values")).extracting(JsonNode::asText).containsExactly("e2e-host");
    }

    @Test
    @Order(2)
    void acceptsOneOtlpJsonRequest() throws Exception {
        assertThat(sendJsonGauge("e2e.json_gauge", "json", 42)).isEqualTo("{}");

        awaitTotal("e2e.json_gauge", "count", 1);
        assertThat(fold("e2e.json_gauge", "max", Math::max)).isEqualTo(42);
    }

    @Test
    @Order(3)
    void aRuleCreatedThroughTheApiAlertsLiveAndInTheAlertList() throws Exception {
        List<String> live = new CopyOnWriteArrayList<>();
        WebSocket socket =
                HTTP.newWebSocketBuilder()
                        .buildAsync(
                                URI.create(
                                        "ws://127.0.0.1:"
                                                + apiPort
                                                + "/ws?access_token="
                                                + adminToken),
                                new WebSocket.Listener() {
                                    @Override
                                    public CompletionStage<?> onText(
                                            WebSocket ws, CharSequence data, boolean last) {
                                        live.add(data.toString());
                                        ws.request(1);
                                        return null;
                                    }
                                })
                        .join();
        HttpResponse<String> created =
                post(
                        "/api/v1/rules",
                        "{\"name\":\"Queue too deep\",\"severity\":\"critical\","
                                + "\"selector\":{\"metric\":\"e2e.queue_depth\"},"
                                + "\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":100},"
                                + "\"annotations\":{\"summary\":\"{{value}} queued on {{labels.host.name}}\"}}",
                        adminToken);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String ruleId = JSON.readTree(created.body()).path("id").asText();

        // the rule reaches the running job asynchronously: keep reporting until the alert is live
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode event = null;
        while (event == null && System.currentTimeMillis() < deadline) {
            sendJsonGauge("e2e.queue_depth", "queue-host", 150);
            Thread.sleep(500);
            for (String message : live) {
                JsonNode e = JSON.readTree(message);
                if (ruleId.equals(e.path("rule_id").asText())) {
                    event = e;
                }
            }
        }
        socket.abort();
        assertThat(event).as("alert over the WebSocket").isNotNull();
        assertThat(event.path("state").asText()).isEqualTo("firing");
        assertThat(event.path("labels").path("host.name").asText()).isEqualTo("queue-host");
        assertThat(event.path("annotations").path("summary").asText())
                .isEqualTo("150 queued on queue-host");

        String fingerprint = event.path("fingerprint").asText();
        JsonNode listed = null;
        while (listed == null && System.currentTimeMillis() < deadline + 30_000) {
            for (JsonNode a :
                    JSON.readTree(get("/api/v1/alerts?rule_id=" + ruleId).body()).path("alerts")) {
                if (a.path("alert").path("fingerprint").asText().equals(fingerprint)) {
                    listed = a.path("alert");
                }
            }
            Thread.sleep(300);
        }
        assertThat(listed).as("alert in /api/v1/alerts").isNotNull();
        assertThat(listed.path("state").asText()).isEqualTo("firing");

        // the incident is analysed on its own, offline (no model configured)
        await(() -> get("/api/v1/alerts/" + fingerprint + "/analysis").statusCode() == 200);
        JsonNode analysis =
                JSON.readTree(get("/api/v1/alerts/" + fingerprint + "/analysis").body())
                        .path("analyses")
                        .get(0);
        assertThat(analysis.path("analyzer").asText()).isEqualTo("offline");
        assertThat(analysis.path("status").asText()).isEqualTo("ok");
        assertThat(analysis.path("analysis").path("root_cause").path("entity").asText())
                .isEqualTo("host:queue-host");
        assertThat(analysis.path("evidence").path("alerting").path("values")).isNotEmpty();
    }

    @Test
    @Order(4)
    void aCleanRestartKeepsEveryPointExactlyOnce() throws Exception {
        int exit = standalone.stop();
        assertThat(standalone.output()).as("exit code " + exit).contains("AIMonitor stopped");
        assertThat(exit).isIn(0, 143);

        standalone =
                StandaloneProcess.start(
                        dataDir,
                        apiPort,
                        kafkaPort,
                        dataDir.resolveSibling(dataDir.getFileName() + "-2.log"),
                        "--server.otlp-grpc-port=" + grpcPort,
                        "--apm.window=5s");
        standalone.awaitReady(READY_TIMEOUT);
        assertThat(String.join("\n", standalone.output()))
                .as("the admin exists; no new password is printed")
                .doesNotContain("Created the admin user");
        assertThat(total("e2e.requests", "sum"))
                .as("nothing lost or doubled by the restart")
                .isEqualTo(12);

        awayFromAnHourBoundary();
        temperature.set(25);
        requests.add(3);
        latency.record(60);
        export();

        awaitTotal("e2e.latency", "count", 7);
        assertThat(total("e2e.temperature", "count")).isEqualTo(3);
        // counted from the reading before the restart: the delta state survived
        assertThat(total("e2e.requests", "sum")).isEqualTo(15);
        assertThat(total("e2e.requests", "count")).isEqualTo(3);
        assertThat(raw("e2e.temperature")).isEqualTo(3);
        assertThat(total("e2e.json_gauge", "count")).isEqualTo(1);
    }

    // ---- helpers ----

    @Test
    @Order(5)
    void theAgentShipsHostMetricsWithAnApiKey() throws Exception {
        SystemInfo system = new SystemInfo();
        DiskBuffer buffer =
                new DiskBuffer(
                        Files.createTempDirectory(Path.of("target"), "agent-buffer"), 1 << 20);
        Agent agent =
                new Agent(
                        List.of(
                                new HostCollector(
                                        system.getHardware(), system.getOperatingSystem(), 2)),
                        new OtlpEncoder(
                                Map.of("host.name", "e2e-agent-host"),
                                System.currentTimeMillis() * 1_000_000L),
                        buffer,
                        Map.of("aimonitor.agent.version", "e2e"));
        ShippingLoop shipping =
                new ShippingLoop(
                        buffer,
                        new HttpShipper(
                                "http://127.0.0.1:" + apiPort + "/v1/metrics",
                                ingestKey,
                                Duration.ofSeconds(10)));
        for (int i = 0; i < 2; i++) {
            agent.collectAndBuffer();
            assertThat(shipping.shipOne(buffer.oldest().orElseThrow())).as("shipped").isZero();
            Thread.sleep(1100);
        }
        assertThat(buffer.size()).isZero();
        awaitTotal("system.memory.limit", "count", 2);
        assertThat(fold("system.memory.limit", "max", Math::max))
                .isEqualTo((double) system.getHardware().getMemory().getTotal());
        awaitTotal("aimonitor.agent.heartbeat", "count", 2);
    }

    @Test
    @Order(6)
    void aTraceAcrossTwoServicesComesBackAsATree() throws Exception {
        SdkTracerProvider frontend = tracerProvider("frontend");
        SdkTracerProvider checkout = tracerProvider("checkout");
        Span root =
                frontend.get("e2e")
                        .spanBuilder("GET /cart")
                        .setSpanKind(SpanKind.SERVER)
                        .startSpan();
        Span child =
                checkout.get("e2e")
                        .spanBuilder("SELECT cart")
                        .setParent(Context.current().with(root))
                        .setSpanKind(SpanKind.CLIENT)
                        .startSpan();
        child.recordException(new IllegalStateException("connection reset"));
        child.setStatus(StatusCode.ERROR, "connection reset");
        child.end();
        root.end();
        for (SdkTracerProvider p : List.of(frontend, checkout)) {
            assertThat(p.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            p.close();
        }
        String traceId = root.getSpanContext().getTraceId();
        JsonNode trace = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = get("/api/v1/traces/" + traceId);
            if (r.statusCode() == 200 && JSON.readTree(r.body()).path("span_count").asInt() == 2) {
                trace = JSON.readTree(r.body());
                break;
            }
            Thread.sleep(250);
        }
        assertThat(trace).as("the trace is stored and served").isNotNull();
        assertThat(trace.path("services"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("frontend", "checkout");
        assertThat(trace.path("error_count").asInt()).isEqualTo(1);
        JsonNode top = trace.path("roots").get(0);
        assertThat(trace.path("roots")).hasSize(1);
        assertThat(top.path("operation").asText()).isEqualTo("GET /cart");
        JsonNode db = top.path("children").get(0);
        assertThat(db.path("service").asText()).isEqualTo("checkout");
        assertThat(db.path("status").asText()).isEqualTo("error");
        assertThat(db.path("exception").path("type").asText())
                .isEqualTo("java.lang.IllegalStateException");
        assertThat(get("/api/v1/traces/not-a-trace").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/traces/00000000000000000000000000000001").statusCode())
                .isEqualTo(404);
    }

    @Test
    @Order(7)
    void otlpGrpcCarriesTracesToo() throws Exception {
        SdkTracerProvider provider = grpcTracerProvider("grpc-svc");
        Span span = provider.get("e2e").spanBuilder("grpc call").startSpan();
        span.end();
        assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        provider.close();
        String traceId = span.getSpanContext().getTraceId();
        long deadline = System.currentTimeMillis() + 60_000;
        int status = 0;
        while (System.currentTimeMillis() < deadline
                && (status = get("/api/v1/traces/" + traceId).statusCode()) != 200) {
            Thread.sleep(250);
        }
        assertThat(status).as("the span sent over OTLP/gRPC is stored").isEqualTo(200);

        SdkTracerProvider anonymous =
                SdkTracerProvider.builder()
                        .addSpanProcessor(
                                SimpleSpanProcessor.create(
                                        OtlpGrpcSpanExporter.builder()
                                                .setEndpoint("http://127.0.0.1:" + grpcPort)
                                                .build()))
                        .build();
        anonymous.get("e2e").spanBuilder("refused").startSpan().end();
        assertThat(anonymous.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
                .as("no key: refused")
                .isFalse();
        anonymous.close();
    }

    @Test
    @Order(8)
    void aKnownWorkloadOverHttpAndGrpcGivesExactRedGraphSummaryAndSlowSpans() throws Exception {
        SdkTracerProvider shop = tracerProvider("shop");
        SdkTracerProvider stock = tracerProvider("stock");
        SdkTracerProvider pay = grpcTracerProvider("pay");
        int ordinary = 30;
        String known = null;
        for (int i = 0; i <= ordinary; i++) {
            boolean isKnown = i == ordinary;
            if (isKnown) {
                // the baseline learns from the ordinary checkouts before the slow one arrives
                for (SdkTracerProvider p : List.of(shop, stock, pay)) {
                    assertThat(p.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
                }
                await(
                        () ->
                                JSON.readTree(get("/api/v1/traces?service=stock&limit=100").body())
                                                .path("traces")
                                                .size()
                                        == ordinary);
            }
            long t = System.currentTimeMillis() * 1_000_000L;
            long ms = 1_000_000L;
            Span root = span(shop, "GET /checkout", SpanKind.SERVER, null, t);
            Span payCall = span(shop, "POST /pay", SpanKind.CLIENT, root, t + ms);
            Span payServer = span(pay, "POST /pay", SpanKind.SERVER, payCall, t + 2 * ms);
            if (isKnown) {
                payServer.recordException(new IllegalStateException("card 4242 declined"));
                payServer.setStatus(StatusCode.ERROR);
            }
            payServer.end(t + 15 * ms, TimeUnit.NANOSECONDS);
            payCall.end(t + 16 * ms, TimeUnit.NANOSECONDS);
            long stockMs = isKnown ? 200 : 10 + i % 5;
            Span stockCall = span(shop, "GET /stock", SpanKind.CLIENT, root, t + 20 * ms);
            Span stockServer = span(stock, "GET /stock", SpanKind.SERVER, stockCall, t + 21 * ms);
            stockServer.end(t + (21 + stockMs) * ms, TimeUnit.NANOSECONDS);
            stockCall.end(t + (25 + stockMs) * ms, TimeUnit.NANOSECONDS);
            root.end(t + (isKnown ? 300 : 290 + i % 21) * ms, TimeUnit.NANOSECONDS);
            known = root.getSpanContext().getTraceId();
        }
        for (SdkTracerProvider p : List.of(shop, stock, pay)) {
            assertThat(p.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            p.close();
        }

        // RED per service once the windows have closed: exact counts, the slow call in p99
        await(() -> calls(apm("/api/v1/apm/services?from=now-10m"), "service", "stock") == 31);
        JsonNode services = apm("/api/v1/apm/services?from=now-10m").path("services");
        assertThat(redOf(services, "service", "shop")).isEqualTo("31/0");
        assertThat(redOf(services, "service", "pay")).isEqualTo("31/1");
        assertThat(redOf(services, "service", "stock")).isEqualTo("31/0");
        JsonNode stockRed = find(services, "service", "stock");
        assertThat(stockRed.path("p50_ms").asDouble()).isCloseTo(12, within(0.12));
        assertThat(stockRed.path("slowest_trace_id").asText()).isEqualTo(known);
        assertThat(find(services, "service", "pay").path("failed_trace_id").asText())
                .isEqualTo(known);

        // the service map: shop calls pay (one failed) and stock
        await(
                () -> {
                    JsonNode m = apm("/api/v1/apm/service-map?from=now-10m").path("edges");
                    return calls(m, "callee", "pay") == 31 && calls(m, "callee", "stock") == 31;
                });
        JsonNode edges = apm("/api/v1/apm/service-map?from=now-10m").path("edges");
        assertThat(redOf(edges, "callee", "pay")).isEqualTo("31/1");
        assertThat(find(edges, "callee", "pay").path("caller").asText()).isEqualTo("shop");
        assertThat(redOf(edges, "callee", "stock")).isEqualTo("31/0");

        // the known trace's summary
        String knownTrace = known;
        await(
                () ->
                        find(
                                        apm("/api/v1/apm/traces?service=pay&failed=true")
                                                .path("traces"),
                                        "trace_id",
                                        knownTrace)
                                != null);
        JsonNode summary =
                find(
                        apm("/api/v1/apm/traces?service=pay&failed=true").path("traces"),
                        "trace_id",
                        known);
        assertThat(summary.path("root_service").asText()).isEqualTo("shop");
        assertThat(summary.path("root_operation").asText()).isEqualTo("GET /checkout");
        assertThat(summary.path("duration_ms").asDouble()).isEqualTo(300.0);
        assertThat(summary.path("span_count").asInt()).isEqualTo(5);
        assertThat(summary.path("error_count").asInt()).isEqualTo(1);
        assertThat(summary.path("services").toString()).isEqualTo("[\"pay\",\"shop\",\"stock\"]");

        // the slow span against its operation's baseline (and the client span waiting for it)
        JsonNode slow = apm("/api/v1/apm/slow-spans?from=now-10m").path("slow_spans");
        assertThat(slow)
                .extracting(
                        s ->
                                s.path("trace_id").asText()
                                        + " "
                                        + s.path("service").asText()
                                        + " "
                                        + s.path("operation").asText())
                .containsExactlyInAnyOrder(known + " stock GET /stock", known + " shop GET /stock");

        await(
                () ->
                        apm("/api/v1/apm/errors?service=pay&from=now-10m")
                                        .path("error_groups")
                                        .size()
                                == 1);
        JsonNode group =
                apm("/api/v1/apm/errors?service=pay&from=now-10m").path("error_groups").get(0);
        assertThat(group.path("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(group.path("message").asText()).isEqualTo("card ? declined");
        assertThat(group.path("occurrences").asLong()).isEqualTo(1);

        // RED is a metric too (stored, charted, alertable): only the known checkout's window
        // (shared with however many ordinary ones) saw a failure
        await(() -> fold("apm.service.error_ratio", "max", Math::max) > 0);
        assertThat(fold("apm.service.error_ratio", "max", Math::max)).isLessThanOrEqualTo(1.0);
        assertThat(fold("apm.service.request_rate", "count", Double::sum)).isPositive();
    }

    @Test
    @Order(9)
    void webVitalsFromABeaconComeBackAsP75PerPage() throws Exception {
        String report =
                "{\"app\":\"e2e-web\",\"page\":\"https://shop.example/product/42?x=1\","
                        + "\"metrics\":[{\"name\":\"LCP\",\"value\":4100},{\"name\":\"TTFB\",\"value\":700}]}";
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(uri("/v1/rum?api_key=" + ingestKey))
                                .header("Content-Type", "text/plain;charset=UTF-8")
                                .POST(HttpRequest.BodyPublishers.ofString(report))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        await(() -> apm("/api/v1/rum/pages?app=e2e-web").path("pages").size() == 1);
        JsonNode page = apm("/api/v1/rum/pages?app=e2e-web").path("pages").get(0);
        assertThat(page.path("page").asText()).isEqualTo("/product/:id");
        assertThat(page.path("metrics").path("LCP").path("p75").asDouble()).isEqualTo(4100.0);
        assertThat(page.path("metrics").path("LCP").path("rating").asText()).isEqualTo("poor");
        assertThat(page.path("metrics").path("TTFB").path("rating").asText()).isEqualTo("good");
    }

    private static Span span(
            SdkTracerProvider provider, String name, SpanKind kind, Span parent, long startNanos) {
        var builder =
                provider.get("e2e")
                        .spanBuilder(name)
                        .setSpanKind(kind)
                        .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS);
        if (parent == null) {
            builder.setNoParent();
        } else {
            builder.setParent(Context.current().with(parent));
        }
        return builder.startSpan();
    }

    private static JsonNode apm(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode find(JsonNode rows, String key, String value) {
        for (JsonNode row : rows) {
            if (row.path(key).asText().equals(value)) {
                return row;
            }
        }
        return null;
    }

    private static long calls(JsonNode rows, String key, String value) {
        JsonNode services = rows.has("services") ? rows.path("services") : rows;
        JsonNode row = find(services, key, value);
        return row == null ? 0 : row.path("calls").asLong();
    }

    private static String redOf(JsonNode rows, String key, String value) {
        JsonNode row = find(rows, key, value);
        return row.path("calls").asLong() + "/" + row.path("errors").asLong();
    }

    /** Waits up to two minutes (windows must close) for {@code condition}. */
    private static void await(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!condition.call()) {
            assertThat(System.currentTimeMillis()).as("waited").isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private static SdkTracerProvider grpcTracerProvider(String service) {
        return SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(stringKey("service.name"), service)))
                .addSpanProcessor(
                        BatchSpanProcessor.builder(
                                        OtlpGrpcSpanExporter.builder()
                                                .setEndpoint("http://127.0.0.1:" + grpcPort)
                                                .addHeader("authorization", "Bearer " + ingestKey)
                                                .build())
                                .build())
                .build();
    }

    private static SdkTracerProvider tracerProvider(String service) {
        return SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(stringKey("service.name"), service)))
                .addSpanProcessor(
                        BatchSpanProcessor.builder(
                                        OtlpHttpSpanExporter.builder()
                                                .setEndpoint(
                                                        "http://127.0.0.1:"
                                                                + apiPort
                                                                + "/v1/traces")
                                                .addHeader("Authorization", "Bearer " + ingestKey)
                                                .build())
                                .build())
                .build();
    }

    /** One gauge point as OTLP JSON with the ingest key; returns the response body. */
    private static String sendJsonGauge(String metric, String host, double value) throws Exception {
        String body =
                "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\""
                        + host
                        + "\"}}]},\"scopeMetrics\":[{\"metrics\":[{\"name\":\""
                        + metric
                        + "\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\""
                        + System.currentTimeMillis() * 1_000_000L
                        + "\",\"asDouble\":"
                        + value
                        + "}]}}]}]}]}";
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(uri("/v1/metrics"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + ingestKey)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static String printedAdminPassword() throws Exception {
        for (String line : standalone.output()) {
            Matcher m = ADMIN_PASSWORD.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no admin password printed at first start");
    }

    private static String login(String password) throws Exception {
        HttpResponse<String> r =
                post(
                        "/api/v1/auth/login",
                        "{\"username\":\"admin\",\"password\":\"" + password + "\"}",
                        null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    private static String createIngestKey() throws Exception {
        HttpResponse<String> r =
                post("/api/v1/api-keys", "{\"name\":\"e2e-sdk\",\"role\":\"ingest\"}", adminToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return JSON.readTree(r.body()).path("key").asText();
    }

    private static HttpResponse<String> post(String path, String json, String token)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void export() {
        assertThat(reader.forceFlush().join(30, TimeUnit.SECONDS).isSuccess())
                .as("OTLP export succeeded")
                .isTrue();
    }

    /** Quantile checks need both exports in one hourly bucket. */
    private static void awayFromAnHourBoundary() throws InterruptedException {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        if (now.getMinute() == 59 && now.getSecond() >= 20) {
            Thread.sleep((61 - now.getSecond()) * 1000L);
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + apiPort + path);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + adminToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode query(String metric, String agg, String step) throws Exception {
        HttpResponse<String> r =
                get(
                        "/api/v1/query_range?metric="
                                + metric
                                + "&agg="
                                + agg
                                + "&step="
                                + step
                                + "&from=now-2h&to="
                                + (System.currentTimeMillis() / 1000 + 60));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static double fold(String metric, String agg, DoubleBinaryOperator op)
            throws Exception {
        Double acc = null;
        for (JsonNode series : query(metric, agg, "60").path("series")) {
            for (JsonNode point : series.path("points")) {
                double v = point.get(1).asDouble();
                acc = acc == null ? v : op.applyAsDouble(acc, v);
            }
        }
        return acc == null ? Double.NaN : acc;
    }

    private static double total(String metric, String agg) throws Exception {
        double sum = fold(metric, agg, Double::sum);
        return Double.isNaN(sum) ? 0 : sum;
    }

    /** Raw samples (10 s step reads the raw table). */
    private static double raw(String metric) throws Exception {
        double sum = 0;
        for (JsonNode series : query(metric, "count", "10").path("series")) {
            for (JsonNode point : series.path("points")) {
                sum += point.get(1).asDouble();
            }
        }
        return sum;
    }

    private static void awaitTotal(String metric, String agg, double expected) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (total(metric, agg) < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
        }
        assertThat(total(metric, agg)).isEqualTo(expected);
    }
}
