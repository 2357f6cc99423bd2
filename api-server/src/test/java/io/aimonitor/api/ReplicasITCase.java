package io.aimonitor.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.api.kafka.KafkaTopics;
import io.aimonitor.api.support.AlertEvents;
import io.aimonitor.api.support.AlertStreamClient;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.api.support.TestDatabases;
import io.aimonitor.api.support.TestKafka;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two API replicas sharing the real PostgreSQL and Redis of this machine: what one replica learns
 * (a logout, failed logins, an alert read from Kafka) holds on the other.
 */
class ReplicasITCase {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REDIS =
            System.getProperty("aimonitor.test.redis", "redis://127.0.0.1:6379");
    private static TestKafka kafka;
    private static TelemetryStore store;
    private static TestDatabases.EmptyPostgres database;
    private static TestApi a;
    private static TestApi b;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start();
        store = TestStores.migratedStore("replicas");
        database = TestDatabases.emptyPostgresql();
        String[] shared = {
            "--database.type=postgresql",
            "--database.url=" + database.jdbcUrl(),
            "--database.user=postgres",
            "--redis.url=" + REDIS,
            "--redis.key-prefix=it-" + UUID.randomUUID() + ":",
            "--jwt.secret=0123456789abcdef0123456789abcdef-replicas",
            "--auth.max-failures-per-account=3"
        };
        a = new TestApi(kafka.bootstrapServers(), store, shared);
        b = new TestApi(kafka.bootstrapServers(), store, shared);
        KafkaTopics.ensureAll(kafka.bootstrapServers(), a.config.kafka());
        a.components.startBackgroundWork();
        b.components.startBackgroundWork();
    }

    @AfterAll
    static void stop() throws Exception {
        a.close();
        b.close();
        database.close();
        store.close();
        kafka.close();
    }

    private static HttpResponse<String> login(TestApi api, String password) throws Exception {
        return api.request(
                "POST",
                "/api/v1/auth/login",
                Map.of("username", "admin", "password", password),
                null);
    }

    @Test
    void aLogoutOnOneReplicaRevokesTheTokenOnBoth() throws Exception {
        String token = a.login("admin", TestApi.ADMIN_PASSWORD).path("access_token").asText();
        assertThat(b.request("GET", "/api/v1/me", null, token).statusCode()).isEqualTo(200);

        assertThat(a.request("POST", "/api/v1/auth/logout", null, token).statusCode())
                .isEqualTo(204);

        assertThat(b.request("GET", "/api/v1/me", null, token).statusCode()).isEqualTo(401);
    }

    @Test
    void failedLoginsCountAcrossReplicas() throws Exception {
        a.createUser("tess", "Secret-pass-1", "viewer");
        for (TestApi api : new TestApi[] {a, b, a}) {
            assertThat(
                            api.request(
                                            "POST",
                                            "/api/v1/auth/login",
                                            Map.of("username", "tess", "password", "wrong"),
                                            null)
                                    .statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> blocked =
                b.request(
                        "POST",
                        "/api/v1/auth/login",
                        Map.of("username", "tess", "password", "Secret-pass-1"),
                        null);
        assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(429);
    }

    @Test
    void everyReplicaStreamsEveryAlert() throws Exception {
        URI onA = URI.create("ws://127.0.0.1:" + a.port() + "/ws?access_token=" + a.adminToken);
        URI onB = URI.create("ws://127.0.0.1:" + b.port() + "/ws?access_token=" + b.adminToken);
        String topic = a.config.kafka().alertsTopic();
        try (AlertStreamClient clientA = AlertStreamClient.connect(onA, Map.of(), true);
                AlertStreamClient clientB = AlertStreamClient.connect(onB, Map.of(), true)) {
            // both replicas join one consumer group; wait until every partition is assigned
            long deadline = System.nanoTime() + WAIT.toNanos();
            int warm = 0;
            while (clientB.received.size() < 8 || clientA.received.size() < 8) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("alerts never reached both replicas");
                }
                for (int i = 0; i < 8; i++) {
                    kafka.produce(
                            topic,
                            "warm-" + i,
                            AlertEvents.firing("warm-" + warm++, "critical", "web-1").toJson());
                }
                TimeUnit.MILLISECONDS.sleep(300);
            }
            clientA.received.clear();
            clientB.received.clear();

            for (int i = 0; i < 20; i++) {
                kafka.produce(
                        topic,
                        "fp-" + i,
                        AlertEvents.firing("fp-" + i, "critical", "web-1").toJson());
            }

            assertThat(clientA.await(20, WAIT)).hasSize(20);
            assertThat(clientB.await(20, WAIT)).hasSize(20);
        }
    }
}
