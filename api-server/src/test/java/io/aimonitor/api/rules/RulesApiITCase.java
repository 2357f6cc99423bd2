package io.aimonitor.api.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.kafka.KafkaTopics;
import io.aimonitor.api.metadata.RuleRepository;
import io.aimonitor.api.support.StoreRows;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.api.support.TestKafka;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules CRUD, versions, the compacted rules topic and dry runs, over HTTP with a real broker. */
class RulesApiITCase {
    private static final String RULES = "rules";
    private static final String CPU_RULE =
            """
            {"name": "High CPU", "severity": "critical",
             "selector": {"metric": "system.cpu.utilization",
                          "matchers": [{"label": "host.name", "op": "=~", "value": "web-.*"}],
                          "aggregation": {"function": "avg", "window": "1m"}},
             "condition": {"type": "threshold", "op": ">", "value": 0.9},
             "for": "5m",
             "annotations": {"summary": "CPU {{value}} on {{labels.host.name}}"}}
            """;

    private static TestKafka kafka;
    private static TelemetryStore store;
    private static TestApi api;
    private static String editor;
    private static String viewer;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start();
        store = TestStores.migratedStore("rules");
        api = new TestApi(kafka.bootstrapServers(), store);
        KafkaTopics.ensureAll(kafka.bootstrapServers(), api.config.kafka());
        editor = api.tokenOfNewUser("erin", "editor");
        viewer = api.tokenOfNewUser("victor", "viewer");
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
        kafka.close();
    }

    private static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : TestApi.json(r.body());
    }

    /** The latest message per key on the rules topic; a tombstone maps to null. */
    private static Map<String, String> publishedRules() {
        Map<String, String> latest = new HashMap<>();
        for (ConsumerRecord<String, String> r : kafka.readAll(RULES)) {
            latest.put(r.key(), r.value());
        }
        return latest;
    }

    private static HttpResponse<String> put(String path, String body, String ifMatch)
            throws Exception {
        return api.request("PUT", path, body, editor, Map.of("If-Match", ifMatch));
    }

    @Test
    void storesEveryVersionWithItsAuthorAndPublishesTheLatest() throws Exception {
        JsonNode created = ok(api.request("POST", "/api/v1/rules", CPU_RULE, editor), 201);
        String id = created.path("id").asText();
        assertThat(created.path("version").asLong()).isEqualTo(1);
        assertThat(created.path("updated_by").asText()).isEqualTo("erin");
        assertThat(created.path("for").asText()).isEqualTo("5m");
        assertThat(TestApi.json(publishedRules().get(id)).path("version").asLong()).isEqualTo(1);

        JsonNode updated =
                ok(put("/api/v1/rules/" + id, CPU_RULE.replace("0.9", "0.95"), "1"), 200);
        assertThat(updated.path("version").asLong()).isEqualTo(2);
        assertThat(updated.path("condition").path("value").asDouble()).isEqualTo(0.95);

        JsonNode stale = ok(put("/api/v1/rules/" + id, CPU_RULE, "1"), 409);
        assertThat(stale.path("error").path("details").path("version").asLong()).isEqualTo(2);

        JsonNode history =
                ok(api.request("GET", "/api/v1/rules/" + id + "/history", null, viewer), 200);
        assertThat(history.path("versions")).hasSize(2);
        assertThat(history.path("versions").findValuesAsText("author")).containsOnly("erin");

        JsonNode published = TestApi.json(publishedRules().get(id));
        assertThat(published.path("version").asLong()).isEqualTo(2);
        assertThat(published.path("condition").path("value").asDouble()).isEqualTo(0.95);
        assertThat(
                        ok(api.request("GET", "/api/v1/rules", null, viewer), 200)
                                .path("rules")
                                .findValuesAsText("id"))
                .contains(id);
    }

    @Test
    void deletingARuleWritesATombstone() throws Exception {
        String id =
                ok(api.request("POST", "/api/v1/rules", CPU_RULE, editor), 201).path("id").asText();

        ok(api.request("DELETE", "/api/v1/rules/" + id, null, editor), 204);

        ok(api.request("GET", "/api/v1/rules/" + id, null, viewer), 404);
        ok(api.request("DELETE", "/api/v1/rules/" + id, null, editor), 404);
        Map<String, String> published = publishedRules();
        assertThat(published).containsKey(id);
        assertThat(published.get(id)).isNull();
        assertThat(
                        ok(
                                        api.request(
                                                "GET",
                                                "/api/v1/rules/" + id + "/history",
                                                null,
                                                viewer),
                                        200)
                                .path("versions"))
                .hasSize(2);
    }

    @Test
    void invalidRulesAre400sNamingTheField() throws Exception {
        assertInvalid(CPU_RULE.replace("\"for\"", "\"colour\": 1, \"for\""), "colour");
        assertInvalid(CPU_RULE.replace("\"op\": \">\"", "\"op\": \"=>\""), "condition.op");
        assertInvalid(CPU_RULE.replace("web-.*", "web-("), "selector.matchers[0].value");
        assertInvalid(
                CPU_RULE.replace("\"function\": \"avg\"", "\"function\": \"median\""),
                "selector.aggregation.function");
        assertInvalid("{\"name\": ", "");
        ok(api.request("PUT", "/api/v1/rules/nope", CPU_RULE, editor), 404);
        HttpResponse<String> badIfMatch = put("/api/v1/rules/nope", CPU_RULE, "yesterday");
        assertThat(badIfMatch.statusCode()).isIn(400, 404);
    }

    private static void assertInvalid(String body, String field) throws Exception {
        JsonNode error = ok(api.request("POST", "/api/v1/rules", body, editor), 400).path("error");
        assertThat(error.path("details").path("field").asText())
                .as(error.toString())
                .isEqualTo(field);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    void reconcilesTheTopicWithTheStoreAtStart() throws Exception {
        kafka.produce(RULES, "ghost", "{\"id\":\"ghost\",\"version\":7}");
        String unpublished =
                """
                {"id":"quiet","version":1,"name":"Quiet","selector":{"metric":"m"},
                 "condition":{"type":"absent","after":"10m"}}""";
        new RuleRepository(api.components.db)
                .create(
                        new RuleRepository.StoredRule(
                                "quiet", 1, "Quiet", unpublished, true, "admin", 1L, null));

        api.components.startBackgroundWork();

        Map<String, String> published = publishedRules();
        assertThat(published.get("ghost")).isNull();
        assertThat(published).containsKey("ghost");
        assertThat(published.get("quiet")).isEqualTo(unpublished);
        assertThat(api.components.ruleTopic.reconcile()).isZero();
    }

    @Test
    void dryRunSaysWhenARuleWouldHaveFired() throws Exception {
        long start =
                Instant.now()
                        .truncatedTo(ChronoUnit.MINUTES)
                        .minus(170, ChronoUnit.MINUTES)
                        .toEpochMilli();
        double[] hot =
                IntStream.range(0, 160).mapToDouble(i -> i >= 60 && i < 90 ? 0.95 : 0.5).toArray();
        double[] calm = IntStream.range(0, 160).mapToDouble(i -> 0.5).toArray();
        StoreRows.gauge(
                store,
                "system.cpu.utilization",
                1,
                Map.of("host.name", "web-1"),
                start,
                60_000,
                hot);
        StoreRows.gauge(
                store,
                "system.cpu.utilization",
                2,
                Map.of("host.name", "web-2"),
                start,
                60_000,
                calm);
        StoreRows.gauge(
                store,
                "system.cpu.utilization",
                3,
                Map.of("host.name", "db-1"),
                start,
                60_000,
                hot);

        JsonNode result =
                ok(
                        api.request(
                                "POST",
                                "/api/v1/rules/dry-run",
                                "{\"hours\": 3, \"rule\": " + CPU_RULE + "}",
                                viewer),
                        200);

        assertThat(result.path("series_evaluated").asInt()).isEqualTo(2);
        assertThat(result.path("fired")).hasSize(1);
        JsonNode fired = result.path("fired").get(0);
        assertThat(fired.path("labels").path("host.name").asText()).isEqualTo("web-1");
        assertThat(fired.path("firing")).hasSize(1);
        JsonNode firing = fired.path("firing").get(0);
        assertThat(firing.path("from").asLong()).isEqualTo(start + 65 * 60_000L);
        assertThat(firing.path("to").asLong()).isEqualTo(start + 90 * 60_000L);
        assertThat(firing.path("peak").asDouble()).isEqualTo(0.95);
    }

    @Test
    void dryRunRejectsWhatItCannotEvaluate() throws Exception {
        assertDryRunBad("{\"hours\": 3}", "rule");
        assertDryRunBad("{\"hours\": 0, \"rule\": " + CPU_RULE + "}", "hours");
        assertDryRunBad(
                "{\"rule\": " + CPU_RULE.replace("\"op\": \">\"", "\"op\": \"=>\"") + "}",
                "rule.condition.op");
        assertDryRunBad(
                "{\"rule\": "
                        + CPU_RULE.replace(
                                "{\"type\": \"threshold\", \"op\": \">\", \"value\": 0.9}",
                                "{\"type\": \"anomaly\", \"threshold\": 0.8}")
                        + "}",
                "rule.condition");
    }

    private static void assertDryRunBad(String body, String field) throws Exception {
        JsonNode error =
                ok(api.request("POST", "/api/v1/rules/dry-run", body, viewer), 400).path("error");
        JsonNode details = error.path("details");
        String named =
                details.has("field")
                        ? details.path("field").asText()
                        : details.path("parameter").asText();
        assertThat(named).as(error.toString()).isEqualTo(field);
    }
}
