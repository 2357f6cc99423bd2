package io.aimonitor.api.ingest;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.kafka.KafkaTopics;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.api.support.TestKafka;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OTLP/HTTP traces: the real OpenTelemetry SDK exports a trace with an API key and the spans arrive
 * in the spans topic exactly as sent; JSON with hex ids; invalid spans are rejected with partial
 * success; bad requests get the right status.
 */
class OtlpTracesIngestITCase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestKafka kafka;
    private static TelemetryStore store;
    private static TestApi api;
    private static String ingestKey;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start();
        store = TestStores.migratedStore("traces");
        api = new TestApi(kafka.bootstrapServers(), store);
        KafkaTopics.ensureAll(kafka.bootstrapServers(), api.config.kafka());
        ingestKey = api.components.apiKeys.create("traces", Role.INGEST, "test").secret();
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
        kafka.close();
    }

    @Test
    void theSdksTraceArrivesAsSent() throws Exception {
        OtlpHttpSpanExporter exporter =
                OtlpHttpSpanExporter.builder()
                        .setEndpoint(api.uri("/v1/traces").toString())
                        .addHeader("Authorization", "Bearer " + ingestKey)
                        .setCompression("gzip")
                        .build();
        SdkTracerProvider provider =
                SdkTracerProvider.builder()
                        .setResource(
                                Resource.create(
                                        Attributes.of(stringKey("service.name"), "checkout")))
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build();
        Tracer tracer = provider.get("it");
        Span parent = tracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = parent.makeCurrent()) {
            Span child =
                    tracer.spanBuilder("SELECT orders")
                            .setSpanKind(SpanKind.CLIENT)
                            .setAttribute("db.system", "postgresql")
                            .startSpan();
            child.setStatus(StatusCode.ERROR, "timeout");
            child.end();
        } finally {
            parent.end();
        }
        assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        provider.close();

        List<io.opentelemetry.proto.trace.v1.Span> spans = new ArrayList<>();
        for (ResourceSpans rs : spans("checkout")) {
            rs.getScopeSpansList().forEach(ss -> spans.addAll(ss.getSpansList()));
        }
        assertThat(spans)
                .extracting(io.opentelemetry.proto.trace.v1.Span::getName)
                .containsExactlyInAnyOrder("POST /checkout", "SELECT orders");
        var server =
                spans.stream()
                        .filter(s -> s.getName().equals("POST /checkout"))
                        .findFirst()
                        .orElseThrow();
        var client =
                spans.stream()
                        .filter(s -> s.getName().equals("SELECT orders"))
                        .findFirst()
                        .orElseThrow();
        assertThat(HexFormat.of().formatHex(server.getTraceId().toByteArray()))
                .isEqualTo(parent.getSpanContext().getTraceId());
        assertThat(client.getTraceId()).isEqualTo(server.getTraceId());
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(client.getKind())
                .isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(client.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(client.getStatus().getMessage()).isEqualTo("timeout");
        assertThat(client.getAttributesList())
                .anyMatch(
                        kv ->
                                kv.getKey().equals("db.system")
                                        && kv.getValue().getStringValue().equals("postgresql"));
    }

    @Test
    void jsonWithAnInvalidSpanIsAPartialSuccess() throws Exception {
        String json =
                """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-svc"}}]},
                  "scopeSpans":[{"spans":[
                    {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"GET /ok",
                     "kind":2,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000100000000"},
                    {"traceId":"01020304","spanId":"eee19b7ec3c1b175","name":"GET /bad",
                     "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000100000000"},
                    {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b176","name":"backwards",
                     "startTimeUnixNano":"1700000000100000000","endTimeUnixNano":"1700000000000000000"},
                    {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b177","name":"micros",
                     "startTimeUnixNano":"1700000000000000","endTimeUnixNano":"1700000000100000000"}]}]}]}
                """;
        HttpResponse<String> r = post("application/json", json.getBytes(), ingestKey);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode partial = TestApi.json(r.body()).path("partialSuccess");
        assertThat(partial.path("rejectedSpans").asLong()).isEqualTo(3);
        assertThat(partial.path("errorMessage").asText())
                .contains("span 'GET /bad': trace_id must be 16 bytes")
                .contains("span 'backwards': ends before it starts")
                .contains("span 'micros': lasts over 30 days");
        List<String> names = new ArrayList<>();
        for (ResourceSpans rs : spans("json-svc")) {
            rs.getScopeSpansList()
                    .forEach(ss -> ss.getSpansList().forEach(s -> names.add(s.getName())));
        }
        assertThat(names).containsExactly("GET /ok");
    }

    @Test
    void aSpanTooLargeForOneKafkaRecordIsRejectedAloneWhileItsNeighboursArrive() throws Exception {
        ExportTraceServiceRequest request =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(resource("small-svc", span("fits", 10)))
                        .addResourceSpans(
                                resource("huge-svc", span("huge", 3 << 20))) // over 4 MiB / 2
                        .build();
        HttpResponse<byte[]> r =
                HTTP.send(
                        HttpRequest.newBuilder(api.uri("/v1/traces"))
                                .header("Content-Type", "application/x-protobuf")
                                .header("Authorization", "Bearer " + ingestKey)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        var response =
                io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.parseFrom(
                        r.body());
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage())
                .contains("span 'huge'")
                .contains("half of kafka.max-record-size");
        assertThat(spans("small-svc")).hasSize(1);
        assertThat(spans("huge-svc")).isEmpty();
    }

    @Test
    void aRecordTheBrokerRefusesForItsSizeIsA413NotARetry() throws Exception {
        String topic = "spans_small_records";
        try (var admin =
                org.apache.kafka.clients.admin.Admin.create(
                        java.util.Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(
                            List.of(
                                    new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1)
                                            .configs(
                                                    java.util.Map.of(
                                                            "max.message.bytes", "70000"))))
                    .all()
                    .get();
        }
        try (TestApi small =
                new TestApi(
                        kafka.bootstrapServers(),
                        store,
                        "--kafka.topics.spans=" + topic,
                        "--kafka.max-record-size=1MiB")) {
            String key = small.components.apiKeys.create("small", Role.INGEST, "test").secret();
            byte[] body =
                    ExportTraceServiceRequest.newBuilder()
                            .addResourceSpans(resource("big-svc", span("big", 200_000)))
                            .build()
                            .toByteArray();
            HttpResponse<String> r =
                    HTTP.send(
                            HttpRequest.newBuilder(small.uri("/v1/traces"))
                                    .header("Content-Type", "application/x-protobuf")
                                    .header("Authorization", "Bearer " + key)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.headers().firstValue("Retry-After")).isEmpty();
            assertThat(r.body()).contains("kafka.max-record-size");
        }
    }

    private static ResourceSpans resource(
            String service, io.opentelemetry.proto.trace.v1.Span span) {
        return ResourceSpans.newBuilder()
                .setResource(
                        io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                                .addAttributes(attr("service.name", service)))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))
                .build();
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    /** Random letters: the producer's compression must not shrink them under a limit. */
    private static String incompressible(int length) {
        java.util.Random random = new java.util.Random(length);
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    /** A valid span carrying an event with a {@code payloadBytes}-long attribute. */
    private static io.opentelemetry.proto.trace.v1.Span span(String name, int payloadBytes) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(
                        ByteString.copyFrom(
                                HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c")))
                .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("b7ad6b7169203331")))
                .setName(name)
                .setStartTimeUnixNano(now)
                .setEndTimeUnixNano(now + 1_000_000)
                .addEvents(
                        io.opentelemetry.proto.trace.v1.Span.Event.newBuilder()
                                .setName("log")
                                .setTimeUnixNano(now)
                                .addAttributes(attr("body", incompressible(payloadBytes))))
                .build();
    }

    @Test
    void badRequestsGetTheirStatus() throws Exception {
        assertThat(
                        post("application/x-protobuf", new byte[] {(byte) 0xff, 0x01}, ingestKey)
                                .statusCode())
                .isEqualTo(400);
        assertThat(post("text/plain", "hello".getBytes(), ingestKey).statusCode()).isEqualTo(415);
        assertThat(post("application/json", "{}".getBytes(), null).statusCode()).isEqualTo(401);
        assertThat(api.request("GET", "/metrics", null, null).body())
                .contains("aimonitor_ingest_spans_rejected_total");
    }

    /** The resources of one service in the spans topic, as written (one per record). */
    private static List<ResourceSpans> spans(String service) throws Exception {
        List<ResourceSpans> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r :
                kafka.readAllBytes(api.config.kafka().spansTopic())) {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(r.value());
            assertThat(request.getResourceSpansCount()).as("one resource per record").isEqualTo(1);
            assertThat(r.key()).isNotEmpty();
            ResourceSpans rs = request.getResourceSpans(0);
            if (rs.getResource().getAttributesList().stream()
                    .anyMatch(
                            kv ->
                                    kv.getKey().equals("service.name")
                                            && kv.getValue().getStringValue().equals(service))) {
                out.add(rs);
            }
        }
        return out;
    }

    private static HttpResponse<String> post(String contentType, byte[] body, String key)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(api.uri("/v1/traces"))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
