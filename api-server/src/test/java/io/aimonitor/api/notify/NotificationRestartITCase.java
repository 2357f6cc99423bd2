package io.aimonitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.api.kafka.KafkaTopics;
import io.aimonitor.api.support.AlertEvents;
import io.aimonitor.api.support.NotifyFixture;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.api.support.TestKafka;
import io.aimonitor.api.support.TestReceiver;
import io.aimonitor.api.support.TestReceiver.Answer;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Grouping timers live in the metadata store: an alert taken in before a restart and due after it
 * is notified exactly once by the restarted server.
 */
class NotificationRestartITCase {
    private static final String FINGERPRINT = "restart000000001";

    @Test
    void aGroupWaitingAcrossARestartIsNotifiedOnce() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "restart");
        String[] flags = {
            "--data-dir=" + dataDir, "--notifications.allowed-hosts=" + NotifyFixture.RECEIVER_HOST
        };
        try (TestKafka kafka = TestKafka.start();
                TelemetryStore store = TestStores.migratedStore("restart");
                TestReceiver receiver =
                        new TestReceiver(NotifyFixture.RECEIVER_HOST, Answer.of(200, "ok"))) {
            try (TestApi before = new TestApi(kafka.bootstrapServers(), store, flags)) {
                KafkaTopics.ensureAll(kafka.bootstrapServers(), before.config.kafka());
                before.components.startBackgroundWork();
                assertThat(
                                before.request(
                                                "POST",
                                                "/api/v1/channels",
                                                Map.of(
                                                        "name",
                                                        "hook",
                                                        "type",
                                                        "webhook",
                                                        "config",
                                                        Map.of("url", receiver.url("/hook"))),
                                                before.adminToken)
                                        .statusCode())
                        .isEqualTo(201);
                assertThat(
                                before.request(
                                                "PUT",
                                                "/api/v1/notification-policy",
                                                "{\"route\": {\"receiver\": \"ops\", \"group_wait\": \"4s\"},"
                                                        + " \"receivers\": [{\"name\": \"ops\", \"channels\": [\"hook\"]}]}",
                                                before.adminToken)
                                        .statusCode())
                        .isEqualTo(200);
                kafka.produce(
                        before.config.kafka().alertsTopic(),
                        FINGERPRINT,
                        AlertEvents.firing(FINGERPRINT, "critical", "db-1").toJson());
                await(
                        () ->
                                before.components.notifyStore.activeAlerts().stream()
                                        .anyMatch(
                                                a -> a.event().fingerprint().equals(FINGERPRINT)));
            }
            assertThat(receiver.received()).as("stopped within group_wait").isEmpty();

            try (TestApi after = new TestApi(kafka.bootstrapServers(), store, flags)) {
                after.components.startBackgroundWork();
                await(() -> !receiver.received().isEmpty());
                TimeUnit.SECONDS.sleep(2);
                assertThat(receiver.received()).hasSize(1);
                assertThat(
                                TestApi.json(receiver.received().get(0).body())
                                        .path("alerts")
                                        .get(0)
                                        .path("fingerprint")
                                        .asText())
                        .isEqualTo(FINGERPRINT);
            }
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting timed out").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
