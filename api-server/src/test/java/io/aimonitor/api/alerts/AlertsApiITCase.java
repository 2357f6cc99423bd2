package io.aimonitor.api.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.kafka.KafkaTopics;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.api.support.TestKafka;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Current alerts, history, acknowledgement, manual resolve and silences over HTTP. */
class AlertsApiITCase {
    private static final long NOW = System.currentTimeMillis();
    private static final long MIN = 60_000;
    private static TestKafka kafka;
    private static TelemetryStore store;
    private static TestApi api;
    private static String editor;
    private static String viewer;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start();
        store = TestStores.migratedStore("alerts");
        api = new TestApi(kafka.bootstrapServers(), store);
        KafkaTopics.ensureAll(kafka.bootstrapServers(), api.config.kafka());
        editor = api.tokenOfNewUser("erin", "editor");
        viewer = api.tokenOfNewUser("victor", "viewer");
        new AlertEventsStore(store)
                .insert(
                        List.of(
                                event(
                                        "cpu1",
                                        "r1",
                                        AlertState.PENDING,
                                        null,
                                        "critical",
                                        "web-1",
                                        NOW - 10 * MIN,
                                        NOW - 10 * MIN),
                                event(
                                        "cpu1",
                                        "r1",
                                        AlertState.FIRING,
                                        AlertState.PENDING,
                                        "critical",
                                        "web-1",
                                        NOW - 10 * MIN,
                                        NOW - 5 * MIN),
                                event(
                                        "disk1",
                                        "r2",
                                        AlertState.FIRING,
                                        AlertState.PENDING,
                                        "warning",
                                        "db-1",
                                        NOW - 20 * MIN,
                                        NOW - 20 * MIN),
                                event(
                                        "cpu2",
                                        "r1",
                                        AlertState.FIRING,
                                        AlertState.PENDING,
                                        "critical",
                                        "web-2",
                                        NOW - 60 * MIN,
                                        NOW - 60 * MIN),
                                event(
                                        "cpu2",
                                        "r1",
                                        AlertState.RESOLVED,
                                        AlertState.FIRING,
                                        "critical",
                                        "web-2",
                                        NOW - 60 * MIN,
                                        NOW - 30 * MIN),
                                event(
                                        "cpu3",
                                        "r1",
                                        AlertState.FIRING,
                                        AlertState.PENDING,
                                        "critical",
                                        "web-3",
                                        NOW - 9 * MIN,
                                        NOW - 9 * MIN),
                                event(
                                        "net1",
                                        "r3",
                                        AlertState.FIRING,
                                        AlertState.PENDING,
                                        "info",
                                        "gw-1",
                                        NOW - 40 * MIN,
                                        NOW - 40 * MIN)));
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
        kafka.close();
    }

    private static AlertEvent event(
            String fingerprint,
            String rule,
            AlertState state,
            AlertState previous,
            String severity,
            String host,
            long startsAt,
            long at) {
        return new AlertEvent(
                fingerprint,
                rule,
                1,
                rule.equals("r1") ? "High CPU" : "Other",
                state,
                previous,
                severity,
                0.97,
                Map.of("host", host, "team", "infra"),
                Map.of("summary", "on " + host),
                startsAt,
                state == AlertState.RESOLVED ? at : null,
                at,
                "");
    }

    private static JsonNode call(String method, String path, Object body, String token, int status)
            throws Exception {
        HttpResponse<String> r = api.request(method, path, body, token);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : TestApi.json(r.body());
    }

    private static List<String> fingerprints(String query) throws Exception {
        return call("GET", "/api/v1/alerts" + query, null, viewer, 200)
                .path("alerts")
                .findValues("alert")
                .stream()
                .map(a -> a.path("fingerprint").asText())
                .toList();
    }

    private static JsonNode alert(String fingerprint) throws Exception {
        for (JsonNode a :
                call("GET", "/api/v1/alerts?state=" + "pending,firing,resolved", null, viewer, 200)
                        .path("alerts")) {
            if (a.path("alert").path("fingerprint").asText().equals(fingerprint)) {
                return a;
            }
        }
        throw new AssertionError("no alert " + fingerprint);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void listsCurrentAlertsByStateSeverityLabelRuleAndTime() throws Exception {
        assertThat(fingerprints("")).contains("cpu1", "disk1").doesNotContain("cpu2");
        assertThat(fingerprints("?severity=warning")).containsExactly("disk1");
        assertThat(fingerprints("?" + enc("match[host]") + "=db-1")).containsExactly("disk1");
        assertThat(fingerprints("?" + enc("match_re[host]") + "=" + enc("web-[12]")))
                .containsExactly("cpu1");
        assertThat(fingerprints("?state=resolved")).contains("cpu2").doesNotContain("cpu1");
        assertThat(fingerprints("?rule_id=r2")).containsExactly("disk1");
        assertThat(fingerprints("?rule_id=r1&state=firing,resolved&from=" + (NOW - 15 * MIN)))
                .containsExactlyInAnyOrder("cpu1", "cpu3");
        assertThat(fingerprints("?rule_id=r1&state=firing,resolved&to=" + (NOW - 15 * MIN)))
                .containsExactly("cpu2");

        JsonNode cpu1 = alert("cpu1").path("alert");
        assertThat(cpu1.path("state").asText()).isEqualTo("firing");
        assertThat(cpu1.path("rule_name").asText()).isEqualTo("High CPU");
        assertThat(cpu1.path("labels").path("host").asText()).isEqualTo("web-1");
        assertThat(cpu1.path("starts_at").asLong()).isEqualTo(NOW - 10 * MIN);
    }

    @Test
    void rejectsBadFiltersNamingTheParameter() throws Exception {
        assertBad("/api/v1/alerts?state=burning", "state");
        assertBad("/api/v1/alerts?severity=panic", "severity");
        assertBad("/api/v1/alerts?from=yesterday", "from");
        assertBad("/api/v1/alerts?limit=0", "limit");
        assertBad("/api/v1/alerts?" + enc("match_re[host]") + "=" + enc("("), "match_re[host]");
    }

    private static void assertBad(String path, String parameter) throws Exception {
        JsonNode error = call("GET", path, null, viewer, 400).path("error");
        assertThat(error.path("details").path("parameter").asText())
                .as(error.toString())
                .isEqualTo(parameter);
    }

    @Test
    void historyListsEveryStateChangeNewestFirst() throws Exception {
        JsonNode events =
                call("GET", "/api/v1/alerts/cpu1/history", null, viewer, 200).path("events");
        assertThat(events).hasSize(2);
        assertThat(events.get(0).path("state").asText()).isEqualTo("firing");
        assertThat(events.get(1).path("state").asText()).isEqualTo("pending");
        call("GET", "/api/v1/alerts/nope/history", null, viewer, 404);
    }

    @Test
    void acknowledgesActiveAlertsOnly() throws Exception {
        JsonNode ack =
                call("POST", "/api/v1/alerts/cpu3/ack", Map.of("comment", "looking"), editor, 200);
        assertThat(ack.path("acked_by").asText()).isEqualTo("erin");
        assertThat(alert("cpu3").path("ack").path("comment").asText()).isEqualTo("looking");

        call("POST", "/api/v1/alerts/cpu2/ack", null, editor, 409);
        call("POST", "/api/v1/alerts/nope/ack", null, editor, 404);
        call("POST", "/api/v1/alerts/cpu3/ack", null, viewer, 403);

        call("DELETE", "/api/v1/alerts/cpu3/ack", null, editor, 204);
        assertThat(alert("cpu3").path("ack").isNull()).isTrue();
        assertThat(
                        call("GET", "/api/v1/audit?action=alert.ack", null, api.adminToken, 200)
                                .toString())
                .contains("cpu3");
    }

    @Test
    void resolvingByHandWritesAnEventToTheStoreAndTheAlertsTopic() throws Exception {
        JsonNode resolved =
                call(
                        "POST",
                        "/api/v1/alerts/net1/resolve",
                        Map.of("comment", "link back"),
                        editor,
                        200);

        assertThat(resolved.path("state").asText()).isEqualTo("resolved");
        assertThat(resolved.path("previous_state").asText()).isEqualTo("firing");
        assertThat(resolved.path("reason").asText())
                .isEqualTo("manually resolved by erin: link back");
        assertThat(fingerprints("")).doesNotContain("net1");
        assertThat(fingerprints("?state=resolved")).contains("net1");
        List<AlertEvent> published =
                kafka.readAll(api.config.kafka().alertsTopic()).stream()
                        .filter(r -> "net1".equals(r.key()))
                        .map(r -> AlertEvent.fromJson(r.value()))
                        .toList();
        assertThat(published).hasSize(1);
        assertThat(published.get(0).state()).isEqualTo(AlertState.RESOLVED);
        assertThat(published.get(0).endsAt()).isNotNull();

        call("POST", "/api/v1/alerts/net1/resolve", null, editor, 409);
        call("POST", "/api/v1/alerts/nope/resolve", null, editor, 404);
    }

    @Test
    void silencesMatchAlertsWhileActiveAndExpireOnRequest() throws Exception {
        JsonNode silence =
                call(
                        "POST",
                        "/api/v1/silences",
                        Map.of(
                                "matchers",
                                List.of(Map.of("label", "host", "op", "=", "value", "web-1")),
                                "ends_at",
                                NOW + 60 * MIN,
                                "comment",
                                "maintenance"),
                        editor,
                        201);
        String id = silence.path("id").asText();
        assertThat(silence.path("created_by").asText()).isEqualTo("erin");
        assertThat(alert("cpu1").path("silenced_by").findValuesAsText("")).isEmpty();
        assertThat(alert("cpu1").path("silenced_by").get(0).asText()).isEqualTo(id);
        assertThat(alert("cpu3").path("silenced_by")).isEmpty();

        JsonNode changed =
                call(
                        "PUT",
                        "/api/v1/silences/" + id,
                        Map.of(
                                "matchers",
                                        List.of(
                                                Map.of(
                                                        "label", "host", "op", "=~", "value",
                                                        "web-.*")),
                                "ends_at",
                                        java.time.Instant.ofEpochMilli(NOW + 120 * MIN).toString(),
                                "comment", "longer maintenance"),
                        editor,
                        200);
        assertThat(changed.path("ends_at").asLong()).isEqualTo(NOW + 120 * MIN);
        assertThat(alert("cpu3").path("silenced_by").get(0).asText()).isEqualTo(id);
        assertThat(
                        call("GET", "/api/v1/silences", null, viewer, 200)
                                .path("silences")
                                .findValuesAsText("id"))
                .contains(id);

        call("DELETE", "/api/v1/silences/" + id, null, editor, 200);
        assertThat(
                        call("GET", "/api/v1/silences", null, viewer, 200)
                                .path("silences")
                                .findValuesAsText("id"))
                .doesNotContain(id);
        assertThat(
                        call("GET", "/api/v1/silences?state=all", null, viewer, 200)
                                .path("silences")
                                .findValuesAsText("id"))
                .contains(id);
        assertThat(alert("cpu1").path("silenced_by")).isEmpty();
        call("GET", "/api/v1/silences/nope", null, viewer, 404);
    }

    @Test
    void rejectsBadSilencesNamingTheField() throws Exception {
        Map<String, Object> matchers = Map.of("label", "host", "op", "=", "value", "web-1");
        assertBadSilence(
                Map.of("matchers", List.of(), "ends_at", NOW + MIN, "comment", "c"), "matchers");
        assertBadSilence(
                Map.of(
                        "matchers",
                        List.of(Map.of("label", "host", "op", "=~", "value", "(")),
                        "ends_at",
                        NOW + MIN,
                        "comment",
                        "c"),
                "matchers[0].value");
        assertBadSilence(
                Map.of(
                        "matchers",
                        List.of(matchers),
                        "starts_at",
                        NOW,
                        "ends_at",
                        NOW - MIN,
                        "comment",
                        "c"),
                "ends_at");
        assertBadSilence(
                Map.of("matchers", List.of(matchers), "ends_at", "tomorrow", "comment", "c"),
                "ends_at");
        assertBadSilence(Map.of("matchers", List.of(matchers), "ends_at", NOW + MIN), "comment");
        assertBadSilence(
                Map.of(
                        "matchers",
                        List.of(matchers),
                        "ends_at",
                        NOW + MIN,
                        "comment",
                        "c",
                        "until",
                        1),
                "until");
        call(
                "POST",
                "/api/v1/silences",
                Map.of("matchers", List.of(matchers), "ends_at", NOW + MIN, "comment", "c"),
                viewer,
                403);
    }

    private static void assertBadSilence(Map<String, Object> body, String field) throws Exception {
        JsonNode error = call("POST", "/api/v1/silences", body, editor, 400).path("error");
        assertThat(error.path("details").path("parameter").asText())
                .as(error.toString())
                .isEqualTo(field);
    }

    @Test
    void bandsAreServedPerMinuteWithGapsAsNull() throws Exception {
        long minute = NOW - NOW % MIN;
        store.execute(
                "INSERT INTO "
                        + store.database()
                        + ".alert_bands_1m VALUES"
                        + " ('r1', 'band1', 'lat', 7, fromUnixTimestamp64Milli("
                        + (minute - 2 * MIN)
                        + "), 100, nan, nan, nan),"
                        + " ('r1', 'band1', 'lat', 7, fromUnixTimestamp64Milli("
                        + (minute - MIN)
                        + "), 104, 95, 105, 0.2)");

        JsonNode bands =
                call(
                                "GET",
                                "/api/v1/alerts/band1/bands?from=" + (minute - 10 * MIN),
                                null,
                                viewer,
                                200)
                        .path("bands");

        assertThat(bands).hasSize(2);
        assertThat(bands.get(0).path("lower").isNull()).isTrue();
        assertThat(bands.get(1).path("upper").asDouble()).isEqualTo(105);
        assertThat(bands.get(1).path("anomaly_score").asDouble()).isEqualTo(0.2);
        assertThat(bands.get(1).path("ts").asLong()).isEqualTo(minute - MIN);
        assertBad("/api/v1/alerts/band1/bands?from=" + NOW + "&to=" + (NOW - MIN), "from");
    }
}
