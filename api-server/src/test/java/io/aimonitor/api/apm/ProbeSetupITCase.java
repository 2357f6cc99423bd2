package io.aimonitor.api.apm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.kafka.KafkaTopics;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.api.support.TestKafka;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The probe set-up endpoint, and the Java set-up carried out for real: an application started with
 * the OpenTelemetry Java agent and exactly the environment the endpoint gives sends its spans to
 * this server.
 */
class ProbeSetupITCase {
    private static TestKafka kafka;
    private static TelemetryStore store;
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start();
        store = TestStores.migratedStore("probes");
        api = new TestApi(kafka.bootstrapServers(), store);
        KafkaTopics.ensureAll(kafka.bootstrapServers(), api.config.kafka());
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
        kafka.close();
    }

    @Test
    void everyLanguageHasASetUpPointingHere() throws Exception {
        for (String language : ProbeSetup.LANGUAGES) {
            JsonNode setup =
                    TestApi.json(
                            api.request(
                                            "GET",
                                            "/api/v1/apm/probes/" + language + "?service=shop",
                                            null,
                                            api.adminToken)
                                    .body());
            assertThat(setup.path("endpoint").asText()).isEqualTo("http://127.0.0.1:" + api.port());
            assertThat(setup.path("environment").path("OTEL_SERVICE_NAME").asText())
                    .isEqualTo("shop");
            assertThat(setup.path("environment").path("OTEL_EXPORTER_OTLP_PROTOCOL").asText())
                    .isEqualTo("http/protobuf");
            assertThat(setup.path("steps").size()).isGreaterThanOrEqualTo(3);
        }
        assertThat(
                        api.request("GET", "/api/v1/apm/probes/cobol", null, api.adminToken)
                                .statusCode())
                .isEqualTo(404);
        assertThat(
                        api.request(
                                        "GET",
                                        "/api/v1/apm/probes/java?service=a%20b",
                                        null,
                                        api.adminToken)
                                .statusCode())
                .isEqualTo(400);
    }

    @Test
    void theJavaAgentSetUpDeliversSpans() throws Exception {
        JsonNode setup =
                TestApi.json(
                        api.request(
                                        "GET",
                                        "/api/v1/apm/probes/java?service=agent-check",
                                        null,
                                        api.adminToken)
                                .body());
        String key = api.components.apiKeys.create("agent-check", Role.INGEST, "test").secret();
        Path agent =
                Path.of(
                        Class.forName("io.opentelemetry.javaagent.OpenTelemetryAgent")
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        ProcessBuilder app =
                new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-javaagent:" + agent,
                        "-cp",
                        Path.of("target", "test-classes").toAbsolutePath().toString(),
                        AgentCheckApp.class.getName(),
                        "http://127.0.0.1:" + api.port() + "/health");
        Map<String, String> env = app.environment();
        for (Iterator<Map.Entry<String, JsonNode>> it = setup.path("environment").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            env.put(e.getKey(), e.getValue().asText().replace("<INGEST_API_KEY>", key));
        }
        env.put("OTEL_METRICS_EXPORTER", "none"); // only the trace matters here; exits faster
        Process p = app.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("status 200");

        boolean found = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!found && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r :
                    kafka.readAllBytes(api.config.kafka().spansTopic())) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(r.value());
                found |=
                        request.getResourceSpansList().stream()
                                .anyMatch(
                                        rs ->
                                                rs.getResource().getAttributesList().stream()
                                                        .anyMatch(
                                                                kv ->
                                                                        kv.getKey()
                                                                                        .equals(
                                                                                                "service.name")
                                                                                && kv.getValue()
                                                                                        .getStringValue()
                                                                                        .equals(
                                                                                                "agent-check")));
            }
            if (!found) {
                Thread.sleep(500);
            }
        }
        assertThat(found)
                .as(
                        "spans from the agent-instrumented application arrived; its output:%n%s",
                        output)
                .isTrue();
    }
}
