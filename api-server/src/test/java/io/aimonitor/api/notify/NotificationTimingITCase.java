package io.aimonitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.metadata.AckRepository;
import io.aimonitor.api.metadata.NotifyStore;
import io.aimonitor.api.support.NotifyFixture;
import io.aimonitor.api.support.TestDatabases;
import io.aimonitor.api.support.TestReceiver;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.rules.LabelMatcher;
import io.aimonitor.schemas.rules.MatchOp;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Grouping, group_interval, repeat, acknowledgement, resolve, silence, inhibition and escalation
 * timing, driven by a test clock over the real metadata database (SQLite and PostgreSQL) with
 * deliveries to a real HTTP receiver.
 */
class NotificationTimingITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY =
            """
            {"route": {"receiver": "team", "group_by": ["alertname"], "group_wait": "30s",
                       "group_interval": "5m", "repeat_interval": "1h",
                       "routes": [{"receiver": "dba", "escalation": "db-oncall",
                                   "matchers": [{"label": "service", "op": "=", "value": "db"}]}]},
             "receivers": [{"name": "team", "channels": ["team-hook"]},
                           {"name": "dba", "channels": ["dba-hook"]},
                           {"name": "oncall", "channels": ["oncall-hook"]}],
             "inhibit_rules": [{"source_matchers": [{"label": "severity", "op": "=", "value": "critical"}],
                                "target_matchers": [{"label": "severity", "op": "=", "value": "warning"}],
                                "equal": ["host"]}],
             "escalation_policies": [{"name": "db-oncall",
                                      "steps": [{"after": "10m", "receivers": ["oncall"]}]}]}
            """;
    private static final AimonitorConfig.Email NO_EMAIL =
            new AimonitorConfig.Email("", 587, "starttls", "", "", "");

    private static TestReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new TestReceiver(NotifyFixture.RECEIVER_HOST, TestReceiver.Answer.of(200, "ok"));
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static NotifyFixture fixture(TestDatabases.Opened db) throws Exception {
        NotifyFixture f = new NotifyFixture(db.db(), NO_EMAIL);
        for (String name : List.of("team-hook", "dba-hook", "oncall-hook")) {
            f.channels.create(
                    name,
                    "webhook",
                    JSON.readTree("{\"url\": \"" + receiver.url("/" + name) + "\"}"),
                    "test");
        }
        f.policies.put(POLICY, "test");
        receiver.clear();
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void groupsWaitsRepeatsAndStopsRepeatingOnceAcknowledged(String kind) throws Exception {
        try (TestDatabases.Opened db = TestDatabases.open(kind)) {
            NotifyFixture f = fixture(db);
            f.engine.onAlert(alert(f, "a1", "HighCPU", AlertState.FIRING, "warning", "host", "a"));
            f.tick();
            f.advance(Duration.ofSeconds(10));
            f.engine.onAlert(alert(f, "a2", "HighCPU", AlertState.FIRING, "warning", "host", "b"));
            f.tick();
            assertThat(log(f)).as("nothing before group_wait").isEmpty();

            f.advance(Duration.ofSeconds(20)); // t = 30s: group_wait since the first alert
            f.tick();
            assertThat(log(f)).hasSize(1);
            assertThat(fingerprints(log(f).get(0))).containsExactly("a1", "a2");
            assertThat(receiver.received()).hasSize(1);
            JsonNode sent = JSON.readTree(receiver.received().get(0).body());
            assertThat(sent.path("status").asText()).isEqualTo("firing");
            assertThat(sent.path("group_labels"))
                    .isEqualTo(JSON.readTree("{\"alertname\": \"HighCPU\"}"));
            assertThat(sent.path("alerts")).hasSize(2);

            f.advance(Duration.ofSeconds(30)); // t = 1m: a third alert joins the group
            f.engine.onAlert(alert(f, "a3", "HighCPU", AlertState.FIRING, "warning", "host", "c"));
            f.tick();
            assertThat(log(f)).as("waits for group_interval").hasSize(1);
            f.advance(Duration.ofMinutes(4).plusSeconds(30)); // t = 5m30s
            f.tick();
            assertThat(log(f)).hasSize(2);
            assertThat(fingerprints(last(f))).containsExactly("a1", "a2", "a3");

            f.advance(Duration.ofSeconds(30)); // t = 6m: a1 resolves
            f.engine.onAlert(
                    alert(f, "a1", "HighCPU", AlertState.RESOLVED, "warning", "host", "a"));
            f.advance(Duration.ofMinutes(4).plusSeconds(30)); // t = 10m30s
            f.tick();
            assertThat(log(f)).hasSize(3);
            assertThat(fingerprints(last(f))).containsExactly("a2", "a3", "a1");
            JsonNode withResolved = JSON.readTree(receiver.received().get(2).body());
            assertThat(withResolved.path("alerts").get(2).path("status").asText())
                    .isEqualTo("resolved");

            f.advance(Duration.ofMinutes(5)); // t = 15m30s: nothing changed, repeat not due
            f.tick();
            assertThat(log(f)).hasSize(3);

            // repeat_interval after the last notification (10m30s): due at the flush of 1h10m30s
            f.advance(Duration.ofMinutes(50));
            f.tick();
            assertThat(log(f)).hasSize(3);
            f.advance(Duration.ofMinutes(5));
            f.tick();
            assertThat(log(f)).as("repeat").hasSize(4);
            assertThat(fingerprints(last(f))).containsExactly("a2", "a3");

            // acknowledged alerts stop repeating; one unacknowledged alert keeps the group going
            f.acks.put(new AckRepository.Ack("a2", "alice", f.clock.millis(), ""));
            f.acks.put(new AckRepository.Ack("a3", "alice", f.clock.millis(), ""));
            f.advance(Duration.ofHours(2));
            f.tick();
            assertThat(log(f)).as("all acknowledged: no repeat").hasSize(4);
            f.acks.remove("a3");
            f.advance(Duration.ofMinutes(5));
            f.tick();
            assertThat(log(f)).hasSize(5);
            assertThat(log(f)).allMatch(n -> n.status().equals("delivered"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anAlertLeavingNoDataWithoutResolvingIsResolvedForItsReceivers(String kind)
            throws Exception {
        try (TestDatabases.Opened db = TestDatabases.open(kind)) {
            NotifyFixture f = fixture(db);
            f.engine.onAlert(
                    alert(f, "n1", "HostDown", AlertState.NO_DATA, "warning", "host", "g"));
            f.advance(Duration.ofSeconds(30));
            f.tick();
            assertThat(log(f)).hasSize(1);

            // the host reports again, healthy: NO_DATA -> INACTIVE, never RESOLVED
            AlertEvent back =
                    alert(f, "n1", "HostDown", AlertState.INACTIVE, "warning", "host", "g");
            f.engine.onAlert(
                    new AlertEvent(
                            back.fingerprint(),
                            back.ruleId(),
                            back.ruleVersion(),
                            back.ruleName(),
                            AlertState.INACTIVE,
                            AlertState.NO_DATA,
                            back.severity(),
                            back.value(),
                            back.labels(),
                            back.annotations(),
                            back.startsAt(),
                            null,
                            back.eventTime(),
                            ""));
            f.advance(Duration.ofMinutes(5));
            f.tick();
            assertThat(log(f)).hasSize(2);
            JsonNode last = JSON.readTree(receiver.received().get(1).body());
            assertThat(last.path("status").asText()).isEqualTo("resolved");

            f.advance(Duration.ofHours(5));
            f.tick();
            assertThat(log(f)).as("no repeats of an alert that is over").hasSize(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void silencesAndInhibitionKeepAlertsQuiet(String kind) throws Exception {
        try (TestDatabases.Opened db = TestDatabases.open(kind)) {
            NotifyFixture f = fixture(db);
            f.silences.create(
                    List.of(new LabelMatcher("host", MatchOp.EQ, "d")),
                    null,
                    f.clock.millis() + Duration.ofHours(1).toMillis(),
                    "maintenance",
                    "alice");
            f.engine.onAlert(alert(f, "s1", "HighMem", AlertState.FIRING, "warning", "host", "d"));
            f.engine.onAlert(
                    alert(f, "c1", "HostDown", AlertState.FIRING, "critical", "host", "e"));
            f.engine.onAlert(alert(f, "w1", "DiskSlow", AlertState.FIRING, "warning", "host", "e"));
            f.engine.onAlert(alert(f, "w2", "DiskSlow", AlertState.FIRING, "warning", "host", "f"));
            f.advance(Duration.ofSeconds(30));
            f.tick();
            assertThat(log(f).stream().flatMap(n -> fingerprints(n).stream()))
                    .as("silenced s1 and inhibited w1 are left out")
                    .containsExactlyInAnyOrder("c1", "w2");

            // the critical alert resolves: w1 is no longer inhibited and is notified
            f.advance(Duration.ofMinutes(1));
            f.engine.onAlert(
                    alert(f, "c1", "HostDown", AlertState.RESOLVED, "critical", "host", "e"));
            f.advance(Duration.ofMinutes(4));
            f.tick();
            List<NotifyStore.Notification> log = log(f);
            assertThat(log).hasSize(4);
            assertThat(log.stream().filter(n -> n.alertStatus().equals("resolved")))
                    .extracting(NotificationTimingITCase::fingerprints)
                    .containsExactly(List.of("c1"));
            assertThat(log.stream().filter(n -> fingerprints(n).contains("w1"))).hasSize(1);
            assertThat(log.stream().flatMap(n -> fingerprints(n).stream())).doesNotContain("s1");

            // the silenced alert resolves: nothing was sent about it, nothing is sent now
            f.engine.onAlert(
                    alert(f, "s1", "HighMem", AlertState.RESOLVED, "warning", "host", "d"));
            f.advance(Duration.ofMinutes(10));
            f.tick();
            assertThat(log(f)).hasSize(4);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void escalatesUnacknowledgedAlertsOnce(String kind) throws Exception {
        try (TestDatabases.Opened db = TestDatabases.open(kind)) {
            NotifyFixture f = fixture(db);
            AlertEvent db1 =
                    alert(f, "db1", "SlowQueries", AlertState.FIRING, "warning", "service", "db");
            f.engine.onAlert(db1);
            f.engine.onAlert(
                    alert(f, "db2", "ReplicaLag", AlertState.FIRING, "warning", "service", "db"));
            f.advance(Duration.ofSeconds(30));
            f.tick();
            assertThat(log(f)).extracting(NotifyStore.Notification::receiver).containsOnly("dba");
            f.acks.put(new AckRepository.Ack("db2", "bob", f.clock.millis(), "on it"));

            f.advance(Duration.ofMinutes(9));
            f.engine.onAlert(db1); // replayed as is after a recovery: the clock does not restart
            f.tick();
            assertThat(log(f)).noneMatch(n -> n.kind().equals("escalation"));
            f.advance(Duration.ofSeconds(31)); // 10m after db1 started firing
            f.tick();
            f.tick();
            List<NotifyStore.Notification> escalations =
                    log(f).stream().filter(n -> n.kind().equals("escalation")).toList();
            assertThat(escalations).hasSize(1);
            assertThat(escalations.get(0).receiver()).isEqualTo("oncall");
            assertThat(fingerprints(escalations.get(0))).containsExactly("db1");
            assertThat(receiver.received().stream().map(TestReceiver.Received::pathAndQuery))
                    .contains("/oncall-hook");
            f.advance(Duration.ofHours(1));
            f.tick();
            assertThat(log(f).stream().filter(n -> n.kind().equals("escalation"))).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aFiringNoticeWaitingToBeRetriedIsReplacedByTheGroupsNewerOne(String kind)
            throws Exception {
        try (TestDatabases.Opened db = TestDatabases.open(kind)) {
            NotifyFixture f = fixture(db);
            receiver.script(TestReceiver.Answer.of(503, "busy"));
            f.engine.onAlert(alert(f, "r1", "HighCPU", AlertState.FIRING, "warning", "host", "r"));
            f.advance(Duration.ofSeconds(30));
            f.tick();
            assertThat(log(f))
                    .extracting(NotifyStore.Notification::status)
                    .containsExactly("pending");

            f.advance(Duration.ofMinutes(5)); // resolved, while the firing notice waits to retry
            f.engine.onAlert(
                    alert(f, "r1", "HighCPU", AlertState.RESOLVED, "warning", "host", "r"));
            f.advance(Duration.ofMinutes(5));
            f.tick();
            f.advance(Duration.ofMinutes(10));
            f.tick();
            assertThat(log(f))
                    .extracting(NotifyStore.Notification::status)
                    .containsExactly("superseded", "delivered");
            assertThat(receiver.received()).hasSize(2); // the refused try, then the resolution
            assertThat(JSON.readTree(receiver.received().get(1).body()).path("status").asText())
                    .isEqualTo("resolved");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void anAlertReplayedFromHistoryEscalatesOnlyIfItStaysFiring(String kind) throws Exception {
        try (TestDatabases.Opened db = TestDatabases.open(kind)) {
            NotifyFixture f = fixture(db);
            AlertEvent now =
                    alert(f, "old1", "SlowQueries", AlertState.FIRING, "warning", "service", "db");
            // started two days ago: what a first deploy reads from the topic's history
            long twoDaysAgo = f.clock.millis() - Duration.ofDays(2).toMillis();
            f.engine.onAlert(
                    new AlertEvent(
                            now.fingerprint(),
                            now.ruleId(),
                            now.ruleVersion(),
                            now.ruleName(),
                            AlertState.FIRING,
                            AlertState.PENDING,
                            now.severity(),
                            now.value(),
                            now.labels(),
                            now.annotations(),
                            twoDaysAgo,
                            null,
                            twoDaysAgo,
                            ""));
            f.tick();
            f.tick();
            assertThat(log(f)).noneMatch(n -> n.kind().equals("escalation"));

            f.advance(Duration.ofMinutes(10).plusSeconds(1)); // still firing 10m after we saw it
            f.tick();
            f.tick();
            assertThat(log(f)).anyMatch(n -> n.kind().equals("escalation"));
        }
    }

    private static AlertEvent alert(
            NotifyFixture f,
            String fp,
            String name,
            AlertState state,
            String severity,
            String label,
            String value) {
        long now = f.clock.millis();
        Map<String, String> labels = new HashMap<>();
        labels.put(label, value);
        return new AlertEvent(
                fp,
                "rule-" + name,
                1,
                name,
                state,
                state == AlertState.RESOLVED ? AlertState.FIRING : AlertState.PENDING,
                severity,
                42,
                labels,
                Map.of("summary", name + " on " + value),
                state == AlertState.RESOLVED ? now - 60_000 : now,
                state == AlertState.RESOLVED ? now : null,
                now,
                "");
    }

    private static List<NotifyStore.Notification> log(NotifyFixture f) {
        return f.store.notifications(null, null, 1000).stream()
                .sorted(Comparator.comparingLong(NotifyStore.Notification::createdAt))
                .toList();
    }

    private static NotifyStore.Notification last(NotifyFixture f) {
        List<NotifyStore.Notification> log = log(f);
        return log.get(log.size() - 1);
    }

    private static List<String> fingerprints(NotifyStore.Notification n) {
        return List.of(n.fingerprints().split(","));
    }
}
