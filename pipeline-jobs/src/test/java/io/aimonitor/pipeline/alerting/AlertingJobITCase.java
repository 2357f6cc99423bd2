package io.aimonitor.pipeline.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.embedded.kafka.EmbeddedKafkaBroker;
import io.aimonitor.pipeline.metrics.MetricsJob;
import io.aimonitor.pipeline.metrics.MetricsJobConfig;
import io.aimonitor.pipeline.testing.Otlp;
import io.aimonitor.pipeline.testing.TestBrokers;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.RuleJson;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline on a MiniCluster with a real broker and store: rules arrive on the rules topic
 * while the job runs, OTLP points on the metrics topic, alert events come out on the alerts topic
 * and in alert_events - also across a savepoint.
 */
class AlertingJobITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .build());

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static EmbeddedKafkaBroker kafka;
    private static int runs;

    private TelemetryStore store;
    private String metrics;
    private String rules;
    private String alerts;
    private String bands;
    private JobClient storage;
    private JobClient job;
    private long clock = System.currentTimeMillis();

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = TestBrokers.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @BeforeEach
    void freshTopicsAndDatabase() throws Exception {
        store = TestStores.migratedStore("alerting_job");
        int run = ++runs;
        metrics = "otlp_metrics_" + run;
        rules = "rules_" + run;
        alerts = "alerts_" + run;
        bands = "alert_bands_" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(metrics, 2, (short) 1),
                                    new NewTopic(rules, 1, (short) 1)
                                            .configs(Map.of("cleanup.policy", "compact")),
                                    new NewTopic(alerts, 2, (short) 1),
                                    new NewTopic(bands, 2, (short) 1)))
                    .all()
                    .get();
        }
    }

    @AfterEach
    void stopJob() throws Exception {
        for (JobClient j : new JobClient[] {job, storage}) {
            if (j != null) {
                j.cancel().get();
            }
        }
        store.close();
    }

    private MetricsJobConfig config() {
        MetricsJobConfig d =
                MetricsJobConfig.defaults(
                        kafka.bootstrapServers(), TestStores.chdb(store.database()));
        return new MetricsJobConfig(
                d.bootstrapServers(),
                metrics,
                "it-" + metrics,
                d.store(),
                d.sink(),
                d.outOfOrderness(),
                Duration.ofSeconds(1),
                d.seriesIdleTimeout(),
                AlertingConfig.DEFAULT.withTopics(rules, alerts, bands));
    }

    /** Starts the alerting job (from a savepoint, if given); the metrics job runs once. */
    private JobClient start(String savepoint) throws Exception {
        if (storage == null) {
            StreamExecutionEnvironment env = environment(null);
            MetricsJob.build(env, config());
            storage = env.executeAsync("metrics-it");
        }
        StreamExecutionEnvironment env = environment(savepoint);
        AlertingJob.build(env, config());
        return env.executeAsync("alerting-it");
    }

    private static StreamExecutionEnvironment environment(String savepoint) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        // every type the job keeps or ships must have a Flink serializer: no Kryo fallback
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        return env;
    }

    private void publish(AlertRule rule) throws Exception {
        try (KafkaProducer<String, String> p =
                new KafkaProducer<>(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer())) {
            p.send(new ProducerRecord<>(rules, rule.id(), RuleJson.write(rule))).get();
        }
    }

    private void cpu(String host, long t, double value) throws Exception {
        Otlp.send(
                kafka.bootstrapServers(),
                metrics,
                Otlp.request(host, Otlp.gauge("it.cpu", t, value)));
    }

    private List<AlertEvent> alertEvents() {
        List<AlertEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            List<TopicPartition> partitions =
                    List.of(new TopicPartition(alerts, 0), new TopicPartition(alerts, 1));
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    out.add(AlertEvent.fromJson(r.value()));
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.eventTime(), b.eventTime()));
        return out;
    }

    /**
     * Sends {@code value} for {@code host} every 200 ms (event time advancing at least 1 s a point)
     * until an event matching {@code wanted} is on the alerts topic: rules reach the job
     * asynchronously, so the first points may precede them.
     */
    private AlertEvent sendUntil(String host, double value, Predicate<AlertEvent> wanted)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            // never behind the wall clock: events the job stamps at processing time (a rule
            // change's reset) must not sort after the points sent after them
            clock = Math.max(clock + 1000, System.currentTimeMillis());
            cpu(host, clock, value);
            Thread.sleep(200);
            for (AlertEvent e : alertEvents()) {
                if (wanted.test(e)) {
                    return e;
                }
            }
        }
        throw new AssertionError("no such alert event; the topic holds " + alertEvents());
    }

    private AlertEvent awaitEvent(Predicate<AlertEvent> wanted) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (AlertEvent e : alertEvents()) {
                if (wanted.test(e)) {
                    return e;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no such alert event; the topic holds " + alertEvents());
    }

    private List<JsonNode> storedEvents(String fingerprint) {
        return store.query(
                "SELECT state, rule_version, reason FROM "
                        + store.database()
                        + ".alert_events WHERE fingerprint = {f:String} ORDER BY event_time",
                Map.of("f", fingerprint));
    }

    @Test
    void aRuleCreatedAndEditedWhileRunningTakesEffectWithoutRestart() throws Exception {
        job = start(null);
        AlertRule v1 =
                Rules.rule(
                        "cpu-high",
                        1,
                        Rules.threshold(
                                "it.cpu",
                                0.9,
                                "\"annotations\":{\"summary\":\"{{labels.host.name}} at {{value}}\"}"));
        publish(v1);

        AlertEvent firing = sendUntil("web-1", 0.95, e -> e.state() == AlertState.FIRING);
        assertThat(firing.ruleId()).isEqualTo("cpu-high");
        assertThat(firing.labels()).containsEntry("host.name", "web-1");
        assertThat(firing.annotations()).containsEntry("summary", "web-1 at 0.95");

        publish(Rules.rule("cpu-high", 2, Rules.threshold("it.cpu", 0.99, "")));
        AlertEvent reset =
                awaitEvent(
                        e -> e.state() == AlertState.RESOLVED && "rule changed".equals(e.reason()));
        assertThat(reset.fingerprint()).isEqualTo(firing.fingerprint());

        AlertEvent again =
                sendUntil(
                        "web-1",
                        0.995,
                        e -> e.state() == AlertState.FIRING && e.ruleVersion() == 2);
        assertThat(again.fingerprint()).isEqualTo(firing.fingerprint());

        long deadline = System.nanoTime() + WAIT.toNanos();
        while (storedEvents(firing.fingerprint()).size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(storedEvents(firing.fingerprint()))
                .extracting(r -> r.path("state").asText() + "/" + r.path("rule_version").asInt())
                .containsExactly("firing/1", "resolved/1", "firing/2");
    }

    @Test
    void aSavepointKeepsAPendingAlertPendingWithItsRemainingForTime() throws Exception {
        job = start(null);
        publish(Rules.rule("slow", 1, Rules.threshold("it.cpu", 0.9, "\"for\":\"60s\"")));
        AlertEvent pending = sendUntil("web-2", 0.95, e -> e.state() == AlertState.PENDING);
        long pendingSince = pending.startsAt();
        clock = pendingSince + 20_000;
        cpu("web-2", clock, 0.95);
        Thread.sleep(1_000);

        Path savepoints = Files.createTempDirectory(Path.of("target"), "savepoints");
        String savepoint =
                job.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();
        job = start(savepoint);

        clock = pendingSince + 60_000;
        cpu("web-2", clock, 0.95);
        AlertEvent firing = awaitEvent(e -> e.state() == AlertState.FIRING);
        assertThat(firing.previousState()).isEqualTo(AlertState.PENDING);
        assertThat(firing.startsAt()).isEqualTo(pendingSince + 60_000);
        assertThat(firing.fingerprint()).isEqualTo(pending.fingerprint());
    }

    @Test
    void baselineBandsReachTheStore() throws Exception {
        job = start(null);
        publish(
                Rules.rule(
                        "lat-baseline",
                        1,
                        "{\"name\":\"Latency baseline\",\"selector\":{\"metric\":\"it.cpu\"},"
                                + "\"condition\":{\"type\":\"baseline\",\"window\":\"1h\",\"k\":3,\"min_samples\":3}}"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<JsonNode> bands = List.of();
        for (int i = 0; bands.isEmpty() && System.nanoTime() < deadline; i++) {
            clock += 20_000; // a few minutes of event time within seconds
            cpu("web-3", clock, 100 + i % 3);
            Thread.sleep(200);
            bands =
                    store.query(
                            "SELECT rule_id, lower, upper FROM "
                                    + store.database()
                                    + ".alert_bands_1m WHERE NOT isNaN(lower)");
        }
        assertThat(bands).isNotEmpty();
        assertThat(bands.get(0).path("rule_id").asText()).isEqualTo("lat-baseline");
        assertThat(bands.get(0).path("upper").asDouble())
                .isGreaterThan(bands.get(0).path("lower").asDouble());
    }
}
