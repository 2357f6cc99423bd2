package io.aimonitor.api.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.kafka.KafkaTopics;
import io.aimonitor.api.support.AlertEvents;
import io.aimonitor.api.support.AlertStreamClient;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.api.support.TestKafka;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live alert WebSocket with a real client: upgrade auth, Origin, filters, slow clients. */
class LiveAlertsITCase {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestKafka kafka;
    private static TelemetryStore store;
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start();
        store = TestStores.migratedStore("live");
        api =
                new TestApi(
                        kafka.bootstrapServers(),
                        store,
                        "--server.allowed-origins=https://ops.example.com");
        KafkaTopics.ensureAll(kafka.bootstrapServers(), api.config.kafka());
        api.components.startBackgroundWork();
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
        kafka.close();
    }

    static URI ws(TestApi api, String query) {
        return URI.create("ws://127.0.0.1:" + api.port() + "/ws" + query);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /**
     * Produces a marker until {@code client} sees it: the stream reads from the latest offset, so
     * this waits out the consumer group's first assignment.
     */
    static void awaitStreaming(TestKafka kafka, String topic, AlertStreamClient client)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (client.received.stream()
                .noneMatch(e -> e.path("fingerprint").asText().equals("warm-up"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the live stream never delivered the warm-up event");
            }
            kafka.produce(topic, "warm-up", AlertEvents.firing("warm-up", "info", "none").toJson());
            TimeUnit.MILLISECONDS.sleep(300);
        }
        client.received.clear();
    }

    @Test
    void refusesUpgradesWithoutValidCredentialsOrFromForeignOrigins() {
        assertThat(AlertStreamClient.refusalStatus(ws(api, ""), Map.of())).isEqualTo(401);
        assertThat(AlertStreamClient.refusalStatus(ws(api, "?access_token=forged"), Map.of()))
                .isEqualTo(401);
        assertThat(AlertStreamClient.refusalStatus(ws(api, ""), bearer("x.y.z"))).isEqualTo(401);
        assertThat(
                        AlertStreamClient.refusalStatus(
                                ws(api, "?access_token=" + api.adminToken),
                                Map.of("Origin", "https://evil.example.com")))
                .isEqualTo(403);

        assertThat(
                        AlertStreamClient.refusalStatus(
                                ws(api, "?access_token=" + api.adminToken),
                                Map.of("Origin", "https://ops.example.com")))
                .isEqualTo(-1);
        assertThat(
                        AlertStreamClient.refusalStatus(
                                ws(api, ""),
                                Map.of(
                                        "Authorization", "Bearer " + api.adminToken,
                                        "Origin", "http://127.0.0.1:" + api.port())))
                .isEqualTo(-1);
    }

    @Test
    void streamsAlertsFromTheTopicToEveryMatchingConnection() throws Exception {
        String topic = api.config.kafka().alertsTopic();
        try (AlertStreamClient all =
                        AlertStreamClient.connect(ws(api, ""), bearer(api.adminToken), true);
                AlertStreamClient critical =
                        AlertStreamClient.connect(
                                ws(api, "?severity=critical"), bearer(api.adminToken), true);
                AlertStreamClient dbHosts =
                        AlertStreamClient.connect(
                                ws(
                                        api,
                                        "?"
                                                + URLEncoder.encode(
                                                        "match[host]", StandardCharsets.UTF_8)
                                                + "=db-1"),
                                bearer(api.adminToken),
                                true)) {
            awaitStreaming(kafka, topic, all);
            critical.received.clear();
            dbHosts.received.clear();

            kafka.produce(topic, "a", AlertEvents.firing("a", "critical", "web-1").toJson());
            kafka.produce(topic, "b", AlertEvents.firing("b", "warning", "db-1").toJson());
            kafka.produce(topic, "c", AlertEvents.firing("c", "critical", "db-1").toJson());

            assertThat(all.await(3, WAIT).stream().map(e -> e.path("fingerprint").asText()))
                    .containsExactlyInAnyOrder("a", "b", "c");
            assertThat(critical.await(2, WAIT).stream().map(e -> e.path("fingerprint").asText()))
                    .containsExactlyInAnyOrder("a", "c");
            assertThat(dbHosts.await(2, WAIT).stream().map(e -> e.path("fingerprint").asText()))
                    .containsExactlyInAnyOrder("b", "c");

            dbHosts.send("{\"severity\": [\"warning\"]}");
            JsonNode ack = dbHosts.await(3, WAIT).get(2);
            assertThat(ack.path("type").asText()).isEqualTo("filter");
            kafka.produce(topic, "d", AlertEvents.firing("d", "critical", "db-1").toJson());
            kafka.produce(topic, "e", AlertEvents.firing("e", "warning", "web-9").toJson());
            assertThat(dbHosts.await(4, WAIT).get(3).path("fingerprint").asText()).isEqualTo("e");
            all.await(5, WAIT);
            assertThat(dbHosts.received).hasSize(4);
        }
    }

    @Test
    void dropsAClientThatStopsReadingInsteadOfBufferingForIt() throws Exception {
        LiveAlerts live = api.components.live;
        try (AlertStreamClient fast =
                        AlertStreamClient.connect(ws(api, ""), bearer(api.adminToken), true);
                AlertStreamClient stalled =
                        AlertStreamClient.connect(ws(api, ""), bearer(api.adminToken), false)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (live.connections() < 2 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            String padding = "x".repeat(16 * 1024);
            int sent = 0;
            while (live.connections() == 2 && sent < 20_000) {
                live.deliver(AlertEvents.firing("slow-" + sent, "info", padding).toJson());
                sent++;
                // pace to the fast client so that only the stalled one falls behind
                fast.await(sent, WAIT);
            }

            assertThat(live.connections()).as("after %d events", sent).isEqualTo(1);
            assertThat(fast.received).hasSize(sent);
            // the close frame queues behind what the client never read; it may instead see a reset
            stalled.resume();
            Object end =
                    stalled.closedWith
                            .handle((code, error) -> code != null ? code : "reset")
                            .get(30, TimeUnit.SECONDS);
            assertThat(end).isIn(1008, "reset");
        }
    }
}
