package io.aimonitor.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.LoggingSetup;
import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.api.support.TestKafka;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Liveness, readiness, Prometheus metrics, the OpenAPI document and structured logs. */
class OpsITCase {
    private static TestKafka kafka;
    private static TelemetryStore store;
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start();
        store = TestStores.migratedStore("ops");
        api = new TestApi(kafka.bootstrapServers(), store);
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
        kafka.close();
    }

    private static JsonNode getPublic(String path, int status) throws Exception {
        HttpResponse<String> r = api.request("GET", path, null, null);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
        return TestApi.json(r.body());
    }

    @Test
    void healthAndReadinessNeedNoCredentials() throws Exception {
        assertThat(getPublic("/health", 200).path("status").asText()).isEqualTo("up");

        JsonNode ready = getPublic("/ready", 200);
        assertThat(ready.path("status").asText()).isEqualTo("up");
        for (String component : List.of("kafka", "store", "metadata")) {
            JsonNode c = ready.path("components").path(component);
            assertThat(c.path("status").asText()).as(component).isEqualTo("up");
            assertThat(c.path("latency_ms").isNumber()).as(component).isTrue();
        }
        assertThat(ready.path("components").has("redis")).isFalse();
    }

    @Test
    void readinessIs503NamingTheDependencyThatIsDown() throws Exception {
        try (TestApi noKafka = new TestApi("127.0.0.1:1", store)) {
            HttpResponse<String> r = noKafka.request("GET", "/ready", null, null);
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode ready = TestApi.json(r.body());
            assertThat(ready.path("components").path("kafka").path("status").asText())
                    .isEqualTo("down");
            assertThat(ready.path("components").path("kafka").path("error").asText()).isNotBlank();
            assertThat(ready.path("components").path("store").path("status").asText())
                    .isEqualTo("up");
        }
    }

    @Test
    void metricsAreInPrometheusExpositionFormat() throws Exception {
        api.get("/api/v1/me");
        api.request("GET", "/api/v1/me", null, null);

        HttpResponse<String> r = api.request("GET", "/metrics", null, null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body())
                .contains("# TYPE aimonitor_http_requests_total counter")
                .containsPattern(
                        "aimonitor_http_requests_total\\{method=\"GET\",route=\"/api/v1/me\",status=\"200\"} [1-9]")
                .containsPattern(
                        "aimonitor_http_requests_total\\{method=\"GET\",route=\"/api/v1/me\",status=\"401\"} [1-9]")
                .contains("aimonitor_http_request_duration_seconds_bucket")
                .contains("aimonitor_ingest_points_accepted_total")
                .contains("aimonitor_kafka_producer_errors_total")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void theOpenApiDocumentDescribesEveryRouteWithItsRole() throws Exception {
        JsonNode doc = getPublic("/openapi.json", 200);

        assertThat(doc.path("openapi").asText()).startsWith("3.1");
        List<String> missing = new ArrayList<>();
        for (ApiRoutes.Route route : api.routes.all()) {
            String path = route.path().replaceAll("\\{([^}]+)}", "{$1}");
            JsonNode op = doc.path("paths").path(path).path(route.method());
            if (op.isMissingNode()) {
                missing.add(route.method() + " " + route.path());
            } else {
                assertThat(op.path("x-required-role").asText()).isEqualTo(route.role().text());
            }
        }
        assertThat(missing).isEmpty();
        assertThat(api.routes.all()).hasSizeGreaterThan(40);
        assertThat(
                        doc.path("paths")
                                .path("/api/v1/rules/{id}")
                                .path("put")
                                .path("parameters")
                                .toString())
                .contains("\"in\":\"path\"");
    }

    @Test
    void logsAreJsonLinesCarryingTheRequestId() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LoggingSetup.apply(new AimonitorConfig.Logging("INFO", "json"));
            JsonNode tokens = api.login("admin", TestApi.ADMIN_PASSWORD);
            String refresh = tokens.path("refresh_token").asText();
            Map<String, String> body = Map.of("refresh_token", refresh);
            api.request("POST", "/api/v1/auth/refresh", body, null);
            HttpResponse<String> reuse =
                    api.request(
                            "POST",
                            "/api/v1/auth/refresh",
                            body,
                            null,
                            Map.of("X-Request-Id", "req-reuse-1"));
            assertThat(reuse.statusCode()).isEqualTo(401);
            assertThat(reuse.headers().firstValue("X-Request-Id")).hasValue("req-reuse-1");
        } finally {
            LoggingSetup.apply(new AimonitorConfig.Logging("INFO", "text"));
            System.setErr(original);
        }
        JsonNode line = null;
        for (String l : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (l.contains("req-reuse-1")) {
                line = TestApi.json(l);
            }
        }
        assertThat(line).as(captured.toString(StandardCharsets.UTF_8)).isNotNull();
        assertThat(line.path("log.level").asText()).isEqualTo("WARN");
        assertThat(line.path("message").asText()).contains("Refresh token reuse");
        assertThat(line.toString()).doesNotContain(TestApi.ADMIN_PASSWORD);
    }
}
