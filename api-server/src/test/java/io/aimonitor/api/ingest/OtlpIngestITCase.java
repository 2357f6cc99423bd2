package io.aimonitor.api.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.api.kafka.KafkaTopics;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.embedded.kafka.EmbeddedKafkaBroker;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OtlpIngestITCase {
    private static EmbeddedKafkaBroker kafka;
    private static TelemetryStore store;
    private static TestApi api;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW_NANOS = System.currentTimeMillis() * 1_000_000L;

    @BeforeAll
    static void start() throws Exception {
        kafka =
                new EmbeddedKafkaBroker(
                                Files.createTempDirectory(Path.of("target"), "kafka"),
                                "127.0.0.1",
                                0,
                                Map.of())
                        .start();
        KafkaTopics.ensureMetricsTopic(kafka.bootstrapServers(), "otlp_metrics", 2, 4 << 20);
        store = TestStores.migratedStore("ingest");
        api =
                new TestApi(
                        kafka.bootstrapServers(),
                        store,
                        "--server.max-request-size=64KiB",
                        "--server.max-decompressed-size=256KiB");
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
        kafka.close();
    }

    private static KeyValue attr(String k, String v) {
        return KeyValue.newBuilder()
                .setKey(k)
                .setValue(AnyValue.newBuilder().setStringValue(v))
                .build();
    }

    private static ExportMetricsServiceRequest request(
            String host, NumberDataPoint.Builder... points) {
        Gauge.Builder gauge = Gauge.newBuilder();
        for (NumberDataPoint.Builder p : points) {
            gauge.addDataPoints(p);
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(
                        ResourceMetrics.newBuilder()
                                .setResource(
                                        Resource.newBuilder()
                                                .addAttributes(attr("host.name", host)))
                                .addScopeMetrics(
                                        ScopeMetrics.newBuilder()
                                                .addMetrics(
                                                        Metric.newBuilder()
                                                                .setName("cpu")
                                                                .setGauge(gauge))))
                .build();
    }

    private static NumberDataPoint.Builder point(double v) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(NOW_NANOS).setAsDouble(v);
    }

    private static HttpRequest.Builder post(String contentType, byte[] body) {
        return HttpRequest.newBuilder(api.uri("/v1/metrics"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static List<ConsumerRecord<byte[], byte[]>> drain() {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                "bootstrap.servers",
                                kafka.bootstrapServers(),
                                "group.id",
                                "t-" + System.nanoTime(),
                                "auto.offset.reset",
                                "earliest"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("otlp_metrics"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(out::add);
                if (!out.isEmpty() && consumer.assignment().size() == 2) {
                    consumer.poll(Duration.ofMillis(300)).forEach(out::add);
                    break;
                }
            }
        }
        return out;
    }

    @Test
    void forwardsProtobufUnchangedAndAnswersAnOtlpResponse() throws Exception {
        ExportMetricsServiceRequest request = request("proto-host", point(0.5));
        HttpResponse<byte[]> response =
                api.send(post("application/x-protobuf", request.toByteArray()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/x-protobuf"));
        assertThat(ExportMetricsServiceResponse.parseFrom(response.body()).hasPartialSuccess())
                .isFalse();
        assertThat(drain()).anySatisfy(r -> assertThat(r.value()).isEqualTo(request.toByteArray()));
    }

    @Test
    void acceptsOtlpJsonAndGzipAndWritesProtobuf() throws Exception {
        String json =
                "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\"json-host\"}}]},"
                        + "\"scopeMetrics\":[{\"metrics\":[{\"name\":\"cpu\",\"unit\":\"1\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\""
                        + NOW_NANOS
                        + "\",\"asDouble\":0.75,\"exemplars\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"asDouble\":1}]}]}}],"
                        + "\"someFutureField\":1}]}]}";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> response =
                api.send(
                        post("application/json; charset=utf-8", gz.toByteArray())
                                .header("Content-Encoding", "gzip"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).has("partialSuccess")).isFalse();
        ExportMetricsServiceRequest written =
                drain().stream()
                        .map(r -> parse(r.value()))
                        .filter(
                                r ->
                                        r.getResourceMetrics(0)
                                                .getResource()
                                                .getAttributes(0)
                                                .getValue()
                                                .getStringValue()
                                                .equals("json-host"))
                        .findFirst()
                        .orElseThrow();
        NumberDataPoint p =
                written.getResourceMetrics(0)
                        .getScopeMetrics(0)
                        .getMetrics(0)
                        .getGauge()
                        .getDataPoints(0);
        assertThat(p.getAsDouble()).isEqualTo(0.75);
        assertThat(p.getExemplars(0).getTraceId().toByteArray()).hasSize(16);
    }

    @Test
    void reportsRejectedPointsAsPartialSuccessAndForwardsOnlyTheRest() throws Exception {
        ExportMetricsServiceRequest request =
                request(
                        "partial-host",
                        point(1),
                        NumberDataPoint.newBuilder().setAsDouble(2),
                        point(Double.NaN));
        HttpResponse<byte[]> response =
                api.send(post("application/x-protobuf", request.toByteArray()));

        assertThat(response.statusCode()).isEqualTo(200);
        ExportMetricsServiceResponse body = ExportMetricsServiceResponse.parseFrom(response.body());
        assertThat(body.getPartialSuccess().getRejectedDataPoints()).isEqualTo(2);
        assertThat(body.getPartialSuccess().getErrorMessage())
                .contains("no time_unix_nano", "not a finite number");
        ExportMetricsServiceRequest written =
                drain().stream()
                        .map(r -> parse(r.value()))
                        .filter(
                                r ->
                                        r.getResourceMetrics(0)
                                                .getResource()
                                                .getAttributes(0)
                                                .getValue()
                                                .getStringValue()
                                                .equals("partial-host"))
                        .findFirst()
                        .orElseThrow();
        assertThat(
                        written.getResourceMetrics(0)
                                .getScopeMetrics(0)
                                .getMetrics(0)
                                .getGauge()
                                .getDataPointsCount())
                .isEqualTo(1);
    }

    @Test
    void answersMalformedBodiesWith400SayingWhatIsWrong() throws Exception {
        HttpResponse<byte[]> proto =
                api.send(post("application/x-protobuf", new byte[] {0x0a, 0x7f, 0x01}));
        HttpResponse<byte[]> json =
                api.send(
                        post(
                                "application/json",
                                "{\"resourceMetrics\": [".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<byte[]> gzip =
                api.send(
                        post("application/json", "not gzip".getBytes(StandardCharsets.UTF_8))
                                .header("Content-Encoding", "gzip"));

        assertThat(proto.statusCode()).isEqualTo(400);
        assertThat(statusMessage(proto.body())).contains("not a valid OTLP protobuf message");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(json.body()).path("message").asText())
                .contains("malformed JSON at line 1");
        assertThat(gzip.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(gzip.body()).path("message").asText()).contains("not valid gzip");
    }

    @Test
    void refusesOversizedBodiesWith413() throws Exception {
        byte[] big = new byte[65 * 1024];
        Arrays.fill(big, (byte) ' ');
        HttpResponse<byte[]> tooBig = api.send(post("application/json", big));

        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bomb)) {
            out.write(new byte[300 * 1024]);
        }
        HttpResponse<byte[]> inflated =
                api.send(
                        post("application/x-protobuf", bomb.toByteArray())
                                .header("Content-Encoding", "gzip"));

        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(inflated.statusCode()).isEqualTo(413);
        assertThat(statusMessage(inflated.body()))
                .contains("decompressed request body is larger than 262144 bytes");
    }

    @Test
    void refusesUnsupportedContentTypesAndEncodingsWith415() throws Exception {
        HttpResponse<byte[]> type =
                api.send(post("text/plain", "x".getBytes(StandardCharsets.UTF_8)));
        HttpResponse<byte[]> encoding =
                api.send(
                        post("application/json", "{}".getBytes(StandardCharsets.UTF_8))
                                .header("Content-Encoding", "br"));

        assertThat(type.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(type.body()).path("message").asText())
                .contains("application/x-protobuf or application/json");
        assertThat(encoding.statusCode()).isEqualTo(415);
    }

    @Test
    void answers503WithRetryAfterWhenKafkaIsDown() throws Exception {
        EmbeddedKafkaBroker lonely =
                new EmbeddedKafkaBroker(
                                Files.createTempDirectory(Path.of("target"), "kafka"),
                                "127.0.0.1",
                                0,
                                Map.of())
                        .start();
        KafkaTopics.ensureMetricsTopic(lonely.bootstrapServers(), "otlp_metrics", 1, 4 << 20);
        try (TestApi doomed =
                new TestApi(lonely.bootstrapServers(), store, "--kafka.ingest-timeout=1s")) {
            lonely.close();
            long started = System.nanoTime();
            HttpResponse<byte[]> response =
                    doomed.send(
                            HttpRequest.newBuilder(doomed.uri("/v1/metrics"))
                                    .header("Content-Type", "application/x-protobuf")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofByteArray(
                                                    request("h", point(1)).toByteArray())));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(statusMessage(response.body())).contains("retry later");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    private static ExportMetricsServiceRequest parse(byte[] bytes) {
        try {
            return ExportMetricsServiceRequest.parseFrom(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The message of a protobuf google.rpc.Status body (field 2). */
    private static String statusMessage(byte[] body) throws Exception {
        com.google.protobuf.CodedInputStream in =
                com.google.protobuf.CodedInputStream.newInstance(body);
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (tag >>> 3 == 2) {
                return in.readString();
            }
            in.skipField(tag);
        }
        return "";
    }

    static JsonNode json(byte[] body) throws Exception {
        return JSON.readTree(body);
    }
}
