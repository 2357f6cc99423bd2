package io.aimonitor.api.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.aimonitor.api.metadata.RuleRepository;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.rules.RuleJson;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An alert's incident analysed from stored data: the evidence gathered from the store (the alerting
 * series and the entity's other metrics, secrets redacted), the offline analysis, the configured
 * model's (a local OpenAI-protocol server), both served by the API, feedback, and the summary
 * handed to notifications.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalysisApiITCase {
    private static final long MINUTE = 60_000;
    private static final long NOW = System.currentTimeMillis() / MINUTE * MINUTE;
    private static final String FINGERPRINT = "00000000000000aa";
    private static TelemetryStore store;
    private static TestApi api;
    private static HttpServer model;
    private static final List<String> prompts = new CopyOnWriteArrayList<>();
    private static final java.util.concurrent.atomic.AtomicInteger served =
            new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        model.createContext(
                "/",
                ex -> {
                    served.incrementAndGet();
                    prompts.add(
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    String content =
                            "{\\\"summary\\\":\\\"Checkout slowed because its database pool ran out.\\\","
                                    + "\\\"root_cause\\\":{\\\"entity\\\":\\\"service:checkout\\\",\\\"reason\\\":\\\"pool exhausted\\\"},"
                                    + "\\\"evidence\\\":[\\\"S1\\\",\\\"S2\\\"],\\\"actions\\\":[\\\"Raise the pool size\\\"],"
                                    + "\\\"severity\\\":\\\"critical\\\",\\\"confidence\\\":0.7}";
                    byte[] body =
                            ("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-test\","
                                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                                            + content
                                            + "\"},\"finish_reason\":\"stop\"}],"
                                            + "\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":80,\"total_tokens\":980}}")
                                    .getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                    ex.close();
                });
        model.start();
        store = TestStores.migratedStore("analysis_api");
        api =
                new TestApi(
                        "127.0.0.1:1",
                        store,
                        "--ai.provider=openai",
                        "--ai.base-url=http://127.0.0.1:" + model.getAddress().getPort() + "/v1",
                        "--ai.api-key=test-key",
                        "--ai.model=gpt-test",
                        "--ai.timeout=5s");

        // checkout's latency rose 20 minutes ago; its database pool usage five minutes before that
        series("checkout.latency", 1, i -> i < 70 ? 100 + i % 3 : 400 + i % 5);
        series("checkout.db.pool.used", 2, i -> i < 65 ? 10 + i % 2 : 50 + i % 2);
        new RuleRepository(api.components.db)
                .create(
                        new RuleRepository.StoredRule(
                                "rule-1",
                                1,
                                "Checkout slow",
                                RuleJson.write(
                                        RuleJson.parse(
                                                """
                                                {"id": "rule-1", "name": "Checkout slow", "severity": "warning",
                                                 "selector": {"metric": "checkout.latency", "group_by": ["service.name"],
                                                              "aggregation": {"function": "avg", "window": "1m"}},
                                                 "condition": {"type": "threshold", "op": ">", "value": 300}}
                                                """)),
                                true,
                                "test",
                                NOW,
                                null));
        new io.aimonitor.api.alerts.AlertEventsStore(store)
                .insert(
                        List.of(
                                new AlertEvent(
                                        FINGERPRINT,
                                        "rule-1",
                                        1,
                                        "Checkout slow",
                                        AlertState.FIRING,
                                        AlertState.PENDING,
                                        "warning",
                                        402,
                                        Map.of(
                                                "service.name",
                                                "checkout",
                                                "db.password",
                                                "hunter2"),
                                        Map.of("description", "Authorization: Bearer abc.def.ghi"),
                                        NOW - 20 * MINUTE,
                                        null,
                                        NOW - 18 * MINUTE,
                                        null)));
    }

    /** 90 one-minute points up to now, labelled service.name=checkout. */
    private static void series(
            String metric, int id, java.util.function.IntToDoubleFunction value) {
        store.execute(
                "INSERT INTO "
                        + store.database()
                        + ".metric_metadata VALUES ('"
                        + metric
                        + "', 'gauge', 'ms', '', 0, '', now64(3))");
        store.execute(
                "INSERT INTO "
                        + store.database()
                        + ".series VALUES ('"
                        + metric
                        + "', "
                        + id
                        + ", {'service.name':'checkout'}, fromUnixTimestamp64Milli("
                        + (NOW - 90 * MINUTE)
                        + "), fromUnixTimestamp64Milli("
                        + NOW
                        + "))");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 90; i++) {
            rows.append(i == 0 ? "" : ",")
                    .append("('")
                    .append(metric)
                    .append("', ")
                    .append(id)
                    .append(", fromUnixTimestamp64Milli(")
                    .append(NOW - (90 - i) * MINUTE)
                    .append("), ")
                    .append(value.applyAsDouble(i))
                    .append(", 0)");
        }
        store.execute("INSERT INTO " + store.database() + ".samples VALUES " + rows);
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
        model.stop(0);
    }

    @Test
    @Order(1)
    void analysesFromStoredEvidenceOfflineAndByTheModel() throws Exception {
        assertThat(api.get("/api/v1/alerts/" + FINGERPRINT + "/analysis").statusCode())
                .isEqualTo(404);
        // an earlier incident of the same kind on payments, analysed and resolved
        AlertEvent past = firing("00000000000000bb", "payments", NOW - 180 * MINUTE);
        var events = new io.aimonitor.api.alerts.AlertEventsStore(store);
        events.insert(List.of(past));
        assertThat(
                        api.request(
                                        "POST",
                                        "/api/v1/alerts/00000000000000bb/analysis",
                                        null,
                                        api.adminToken)
                                .statusCode())
                .isEqualTo(201);
        events.insert(
                List.of(
                        new AlertEvent(
                                past.fingerprint(),
                                "rule-1",
                                1,
                                "Checkout slow",
                                AlertState.RESOLVED,
                                AlertState.FIRING,
                                "warning",
                                120,
                                past.labels(),
                                Map.of(),
                                past.startsAt(),
                                NOW - 150 * MINUTE,
                                NOW - 150 * MINUTE,
                                null)));
        prompts.clear();

        var r =
                api.request(
                        "POST",
                        "/api/v1/alerts/" + FINGERPRINT + "/analysis",
                        null,
                        api.adminToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode runs = TestApi.json(r.body()).path("analyses");
        assertThat(runs)
                .extracting(x -> x.path("analyzer").asText() + ":" + x.path("status").asText())
                .containsExactly("offline:ok", "gpt-test:ok");

        JsonNode offline = runs.get(0);
        JsonNode evidence = offline.path("evidence");
        assertThat(evidence.path("alerting").path("metric").asText()).isEqualTo("checkout.latency");
        assertThat(evidence.path("alerting").path("values")).hasSizeGreaterThan(60);
        assertThat(evidence.path("related").get(0).path("metric").asText())
                .isEqualTo("checkout.db.pool.used");
        assertThat(offline.path("analysis").path("root_cause").path("entity").asText())
                .isEqualTo("service:checkout");
        assertThat(offline.path("analysis").path("evidence").get(0).asText())
                .as("the pool moved first")
                .isEqualTo("S2");
        assertThat(offline.path("analysis").path("summary").asText())
                .contains("checkout.db.pool.used");

        JsonNode byModel = runs.get(1);
        assertThat(byModel.path("analysis").path("summary").asText()).contains("pool ran out");
        assertThat(byModel.path("input_tokens").asLong()).isEqualTo(900);
        assertThat(byModel.path("output_tokens").asLong()).isEqualTo(80);

        // secrets never reach the evidence, nor the model
        assertThat(r.body()).doesNotContain("hunter2").doesNotContain("abc.def.ghi");
        assertThat(prompts).hasSize(1);
        assertThat(api.components.analysisRepository.modelCallTimes(NOW - 60 * MINUTE))
                .as("what a restarted budget starts from: every request the model served")
                .hasSize(served.get());
        assertThat(prompts.get(0)).doesNotContain("hunter2").contains("checkout.db.pool.used");

        // the closest past incident, and how it ended
        JsonNode similar = TestApi.json(r.body()).path("similar_incidents");
        assertThat(similar).hasSize(1);
        assertThat(similar.get(0).path("incident_key").asText())
                .isEqualTo("rule-1|service:payments");
        assertThat(similar.get(0).path("similarity").asDouble()).isGreaterThan(0.5);
        assertThat(similar.get(0).path("resolution").path("resolved_at").asLong())
                .isEqualTo(NOW - 150 * MINUTE);

        JsonNode shown =
                TestApi.json(api.get("/api/v1/alerts/" + FINGERPRINT + "/analysis").body());
        assertThat(shown.path("incident_key").asText()).isEqualTo("rule-1|service:checkout");
        assertThat(shown.path("analyses")).hasSize(2);

        // notifications carry the model's summary
        AlertEvent alert = api.components.alerts.history(FINGERPRINT, 1).get(0);
        assertThat(
                        new AnalysisSummaries(api.components.analysisRepository)
                                .annotate(alert)
                                .annotations()
                                .get("ai_summary"))
                .isEqualTo("Checkout slowed because its database pool ran out.");

        String id = byModel.path("id").asText();
        var fb =
                api.request(
                        "POST",
                        "/api/v1/analyses/" + id + "/feedback",
                        Map.of("helpful", true, "comment", "spot on"),
                        api.adminToken);
        assertThat(fb.statusCode()).as(fb.body()).isEqualTo(200);
        assertThat(
                        api.request(
                                        "POST",
                                        "/api/v1/analyses/" + id + "/feedback",
                                        Map.of("comment", "x"),
                                        api.adminToken)
                                .statusCode())
                .isEqualTo(400);
        JsonNode after =
                TestApi.json(api.get("/api/v1/alerts/" + FINGERPRINT + "/analysis").body());
        assertThat(
                        after.path("analyses").get(0).path("helpful").asLong()
                                + after.path("analyses").get(1).path("helpful").asLong())
                .isEqualTo(1);
        assertThat(api.get("/api/v1/alerts/ffffffffffffffff/analysis").statusCode()).isEqualTo(404);
    }

    /** Last: the automatic run it queues would otherwise call the model during another test. */
    @Test
    @Order(2)
    void automaticRunsSkipReplayedAlertsAndOnDemandRunsWaitTheirTurn() throws Exception {
        AnalysisService service = api.components.analyses;
        AlertEvent replayed = firing("00000000000000d1", "inventory", NOW - 120 * MINUTE);
        service.onAlert(replayed);
        assertThat(service.pendingIncidents()).as("history replayed from the topic").isZero();

        AlertEvent fresh = firing("00000000000000d2", "shipping", System.currentTimeMillis());
        new io.aimonitor.api.alerts.AlertEventsStore(store).insert(List.of(fresh));
        service.onAlert(fresh);
        service.onAlert(fresh);
        assertThat(service.pendingIncidents()).isEqualTo(1);
        var r =
                api.request(
                        "POST", "/api/v1/alerts/00000000000000d2/analysis", null, api.adminToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(r.body()).contains("being analysed already");

        // a month on, the analyses stay, their evidence packs go
        assertThat(api.components.analysisRepository.forgetEvidence(System.currentTimeMillis() + 1))
                .isGreaterThan(0);
        JsonNode kept =
                TestApi.json(api.get("/api/v1/alerts/" + FINGERPRINT + "/analysis").body())
                        .path("analyses")
                        .get(0);
        assertThat(kept.path("analysis").path("summary").asText()).isNotEmpty();
        assertThat(kept.path("evidence").size()).isZero();
    }

    private static AlertEvent firing(String fingerprint, String service, long startsAt) {
        return new AlertEvent(
                fingerprint,
                "rule-1",
                1,
                "Checkout slow",
                AlertState.FIRING,
                AlertState.PENDING,
                "warning",
                350,
                Map.of("service.name", service),
                Map.of(),
                startsAt,
                null,
                startsAt,
                null);
    }
}
