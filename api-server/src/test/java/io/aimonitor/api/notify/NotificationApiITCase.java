package io.aimonitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.kafka.KafkaTopics;
import io.aimonitor.api.support.AlertEvents;
import io.aimonitor.api.support.NotifyFixture;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.api.support.TestKafka;
import io.aimonitor.api.support.TestReceiver;
import io.aimonitor.api.support.TestReceiver.Answer;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Channels and the policy through the HTTP API (validation naming the field, secrets masked and
 * kept, test sends), and the running dispatcher: an alert event on the alerts topic reaches a
 * webhook, and the delivery log and /metrics show it.
 */
class NotificationApiITCase {
    private static TestKafka kafka;
    private static TelemetryStore store;
    private static TestApi api;
    private static TestReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start();
        store = TestStores.migratedStore("notify");
        api =
                new TestApi(
                        kafka.bootstrapServers(),
                        store,
                        "--notifications.allowed-hosts=" + NotifyFixture.RECEIVER_HOST);
        KafkaTopics.ensureAll(kafka.bootstrapServers(), api.config.kafka());
        api.components.startBackgroundWork();
        receiver = new TestReceiver(NotifyFixture.RECEIVER_HOST, Answer.of(200, "ok"));
    }

    @AfterAll
    static void stop() {
        receiver.close();
        api.close();
        store.close();
        kafka.close();
    }

    @Test
    void channelsAreValidatedAndTheirSecretsMasked() throws Exception {
        JsonNode refused =
                error(
                        create(
                                "meta",
                                "webhook",
                                Map.of("url", "http://169.254.169.254/latest/meta-data")),
                        400);
        assertThat(refused.path("details").path("field").asText()).isEqualTo("config.url");
        assertThat(refused.path("message").asText()).contains("refused");
        assertThat(
                        error(create("x", "pager", Map.of()), 400)
                                .path("details")
                                .path("field")
                                .asText())
                .isEqualTo("type");
        assertThat(
                        error(
                                        create(
                                                "x",
                                                "slack",
                                                Map.of("url", receiver.url("/s"), "colour", "red")),
                                        400)
                                .path("details")
                                .path("field")
                                .asText())
                .isEqualTo("config.colour");
        assertThat(
                        error(create("x", "email", Map.of("to", List.of("not-an-address"))), 400)
                                .path("details")
                                .path("field")
                                .asText())
                .isEqualTo("config.to");
        assertThat(
                        error(create("x", "dingtalk", Map.of()), 400)
                                .path("details")
                                .path("field")
                                .asText())
                .isEqualTo("config.url");

        JsonNode created =
                ok(
                        create(
                                "secured",
                                "webhook",
                                Map.of(
                                        "url",
                                        receiver.url("/secured"),
                                        "bearer_token",
                                        "tok-original")),
                        201);
        assertThat(created.path("config").path("bearer_token").asText()).isEqualTo("********");
        String id = created.path("id").asText();
        assertThat(
                        ok(api.request("GET", "/api/v1/channels/" + id, null, api.adminToken), 200)
                                .toString())
                .doesNotContain("tok-original");
        assertThat(ok(api.request("GET", "/api/v1/channels", null, api.adminToken), 200).toString())
                .doesNotContain("tok-original");

        // ... but not when the channel is pointed at another server
        var elsewhere =
                api.request(
                        "PUT",
                        "/api/v1/channels/" + id,
                        Map.of(
                                "config",
                                Map.of(
                                        "url",
                                        "http://" + NotifyFixture.RECEIVER_HOST + ":1/hook",
                                        "bearer_token",
                                        "********")),
                        api.adminToken);
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.body())
                .contains("config.bearer_token")
                .contains("entered again when url changes");

        // sending the mask back keeps the secret; the test send proves it
        ok(
                api.request(
                        "PUT",
                        "/api/v1/channels/" + id,
                        Map.of(
                                "config",
                                Map.of(
                                        "url",
                                        receiver.url("/secured2"),
                                        "bearer_token",
                                        "********")),
                        api.adminToken),
                200);
        receiver.clear();
        assertThat(
                        ok(
                                        api.request(
                                                "POST",
                                                "/api/v1/channels/" + id + "/test",
                                                null,
                                                api.adminToken),
                                        200)
                                .path("delivered")
                                .asBoolean())
                .isTrue();
        TestReceiver.Received test = receiver.received().get(0);
        assertThat(test.pathAndQuery()).isEqualTo("/secured2");
        assertThat(test.header("Authorization")).isEqualTo("Bearer tok-original");
        assertThat(TestApi.json(test.body()).path("kind").asText()).isEqualTo("test");

        receiver.script(Answer.of(500, "down"));
        JsonNode failed =
                error(
                        api.request(
                                "POST", "/api/v1/channels/" + id + "/test", null, api.adminToken),
                        502);
        assertThat(failed.path("message").asText()).contains("HTTP 500 down");
    }

    @Test
    void policyIsValidatedAndProtectsItsChannels() throws Exception {
        String hook =
                ok(create("policy-hook", "webhook", Map.of("url", receiver.url("/p"))), 201)
                        .path("id")
                        .asText();
        JsonNode bad =
                error(
                        api.request(
                                "PUT",
                                "/api/v1/notification-policy",
                                "{\"route\": {\"receiver\": \"ops\", \"group_wait\": \"2h\"},"
                                        + " \"receivers\": [{\"name\": \"ops\", \"channels\": [\"policy-hook\"]}]}",
                                api.adminToken),
                        400);
        assertThat(bad.path("details").path("field").asText()).isEqualTo("route.group_wait");
        JsonNode unknownChannel =
                error(
                        api.request(
                                "PUT",
                                "/api/v1/notification-policy",
                                "{\"route\": {\"receiver\": \"ops\"}, \"receivers\": [{\"name\": \"ops\", \"channels\": [\"nope\"]}]}",
                                api.adminToken),
                        400);
        assertThat(unknownChannel.path("details").path("field").asText())
                .isEqualTo("receivers[0].channels[0]");

        JsonNode policy = putPolicy("policy-hook");
        assertThat(policy.path("version").asLong()).isPositive();
        assertThat(
                        ok(
                                        api.request(
                                                "GET",
                                                "/api/v1/notification-policy",
                                                null,
                                                api.adminToken),
                                        200)
                                .path("policy")
                                .path("route")
                                .path("group_wait")
                                .asText())
                .isEqualTo("0ms");
        assertThat(
                        error(
                                        api.request(
                                                "DELETE",
                                                "/api/v1/channels/" + hook,
                                                null,
                                                api.adminToken),
                                        409)
                                .path("message")
                                .asText())
                .contains("receiver 'ops'");
    }

    @Test
    void anAlertOnTheTopicReachesTheWebhook() throws Exception {
        ok(create("e2e-hook", "webhook", Map.of("url", receiver.url("/e2e"))), 201);
        putPolicy("e2e-hook");
        receiver.clear();
        String fingerprint = "e2e0000000000001";
        kafka.produce(
                api.config.kafka().alertsTopic(),
                fingerprint,
                AlertEvents.firing(fingerprint, "critical", "web-9").toJson());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (receiver.received().stream().noneMatch(r -> r.pathAndQuery().equals("/e2e"))) {
            assertThat(System.nanoTime()).as("webhook delivery").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(100);
        }
        JsonNode sent =
                TestApi.json(
                        receiver.received().stream()
                                .filter(r -> r.pathAndQuery().equals("/e2e"))
                                .findFirst()
                                .orElseThrow()
                                .body());
        assertThat(sent.path("alerts").get(0).path("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(sent.path("alerts").get(0).path("labels").path("host").asText())
                .isEqualTo("web-9");

        JsonNode log =
                ok(
                                api.request(
                                        "GET",
                                        "/api/v1/notifications?fingerprint=" + fingerprint,
                                        null,
                                        api.adminToken),
                                200)
                        .path("notifications");
        assertThat(log).hasSize(1);
        assertThat(log.get(0).path("status").asText()).isEqualTo("delivered");
        assertThat(log.get(0).path("attempts").asInt()).isEqualTo(1);
        JsonNode one =
                ok(
                        api.request(
                                "GET",
                                "/api/v1/notifications/" + log.get(0).path("id").asText(),
                                null,
                                api.adminToken),
                        200);
        assertThat(one.path("notice").path("alerts").get(0).path("fingerprint").asText())
                .isEqualTo(fingerprint);
        assertThat(
                        error(
                                        api.request(
                                                "GET",
                                                "/api/v1/notifications?status=lost",
                                                null,
                                                api.adminToken),
                                        400)
                                .path("details")
                                .path("parameter")
                                .asText())
                .isEqualTo("status");
        String metrics = api.request("GET", "/metrics", null, null).body();
        assertThat(metrics)
                .contains(
                        "aimonitor_notification_attempts_total{channel_type=\"webhook\",outcome=\"delivered\"}");
    }

    private static JsonNode putPolicy(String channel) throws Exception {
        return ok(
                api.request(
                        "PUT",
                        "/api/v1/notification-policy",
                        "{\"route\": {\"receiver\": \"ops\", \"group_wait\": \"0s\", \"group_by\": [\"alertname\"]},"
                                + " \"receivers\": [{\"name\": \"ops\", \"channels\": [\""
                                + channel
                                + "\"]}]}",
                        api.adminToken),
                200);
    }

    private static HttpResponse<String> create(String name, String type, Map<String, Object> config)
            throws Exception {
        return api.request(
                "POST",
                "/api/v1/channels",
                Map.of("name", name, "type", type, "config", config),
                api.adminToken);
    }

    private static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : TestApi.json(r.body());
    }

    private static JsonNode error(HttpResponse<String> r, int status) throws Exception {
        return ok(r, status).path("error");
    }
}
