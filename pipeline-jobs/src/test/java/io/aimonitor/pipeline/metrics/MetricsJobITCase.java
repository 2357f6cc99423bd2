package io.aimonitor.pipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.embedded.kafka.EmbeddedKafkaBroker;
import io.aimonitor.pipeline.sink.SinkOptions;
import io.aimonitor.pipeline.sink.StoreSink;
import io.aimonitor.pipeline.testing.Otlp;
import io.aimonitor.pipeline.testing.TestBrokers;
import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetricsJobITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static EmbeddedKafkaBroker kafka;
    private static int topics;

    private final long now = System.currentTimeMillis();
    private TelemetryStore store;
    private String topic;
    private JobClient job;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = TestBrokers.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @BeforeEach
    void freshTopicAndDatabase() throws Exception {
        store = TestStores.migratedStore("metrics_job");
        topic = "otlp_metrics_" + (++topics);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
    }

    @AfterEach
    void stopJob() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        store.close();
    }

    private MetricsJobConfig config(SinkOptions sink) {
        MetricsJobConfig d =
                MetricsJobConfig.defaults(
                        kafka.bootstrapServers(), TestStores.chdb(store.database()));
        return new MetricsJobConfig(
                d.bootstrapServers(),
                topic,
                "it-" + topic,
                d.store(),
                sink,
                d.outOfOrderness(),
                Duration.ofSeconds(1),
                d.seriesIdleTimeout(),
                null);
    }

    private static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        return env;
    }

    @Test
    void storesGaugesCountersAndHistogramsWithDeltas() throws Exception {
        StreamExecutionEnvironment env = environment();
        MetricsJob.build(env, config(SinkOptions.DEFAULT));
        job = env.executeAsync("metrics-it");

        // series that start after the job began watching are counted from zero
        long start = now + 60_000;
        send(Otlp.request("web-1", Otlp.gauge("system.cpu.utilization", start + 10_000, 0.25)));
        send(Otlp.request("web-1", counter("http.requests", start, start + 10_000, 10)));
        send(Otlp.request("web-1", counter("http.requests", start, start + 20_000, 25)));
        send(Otlp.request("web-1", histogram(start, start + 10_000, 2, 1, 0)));
        send(Otlp.request("web-1", histogram(start, start + 20_000, 3, 4, 1)));

        awaitCount(() -> count("samples"), 3);
        awaitCount(() -> count("histograms"), 2);

        List<JsonNode> counter =
                store.query(
                        "SELECT value, delta FROM "
                                + store.database()
                                + ".samples WHERE metric = 'http.requests' ORDER BY ts");
        assertThat(counter).extracting(r -> r.path("delta").asDouble()).containsExactly(10.0, 15.0);
        assertThat(counter).extracting(r -> r.path("value").asDouble()).containsExactly(10.0, 25.0);
        JsonNode cpu =
                store.query(
                                "SELECT s.value AS value, l.labels AS labels FROM "
                                        + store.database()
                                        + ".samples AS s JOIN "
                                        + store.database()
                                        + ".series AS l USING series_id"
                                        + " WHERE s.metric = 'system.cpu.utilization'")
                        .get(0);
        assertThat(cpu.path("value").asDouble()).isEqualTo(0.25);
        assertThat(cpu.path("labels").path("host.name").asText()).isEqualTo("web-1");
        List<JsonNode> hist =
                store.query(
                        "SELECT counts, count FROM "
                                + store.database()
                                + ".histograms ORDER BY ts");
        assertThat(hist.get(1).path("counts").toString()).isEqualTo("[1,3,1]");
        assertThat(hist.get(1).path("count").asInt()).isEqualTo(5);
        List<JsonNode> meta =
                store.query(
                        "SELECT metric, type, monotonic FROM "
                                + store.database()
                                + ".metric_metadata FINAL ORDER BY metric");
        assertThat(meta)
                .extracting(r -> r.path("metric").asText() + ":" + r.path("type").asText())
                .containsExactly(
                        "http.requests:sum", "latency:histogram", "system.cpu.utilization:gauge");
    }

    /** Fails the job once, after some points have been staged but before all are committed. */
    static final class FailOnce implements MapFunction<MetricPoint, MetricPoint> {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private long seen;

        @Override
        public MetricPoint map(MetricPoint p) {
            if (++seen == 700 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return p;
        }
    }

    @Test
    void recoversFromAFailureWithoutLosingOrDuplicatingRows() throws Exception {
        int requests = 40;
        int pointsPerRequest = 50;
        for (int r = 0; r < requests; r++) {
            NumberDataPoint.Builder[] points = new NumberDataPoint.Builder[pointsPerRequest];
            for (int i = 0; i < pointsPerRequest; i++) {
                points[i] = Otlp.number(now + r * 1_000L, i).addAttributes(Otlp.attr("i", "" + i));
            }
            send(Otlp.request("host-" + (r % 4), Otlp.gaugeOf("g", points)));
        }
        // tiny chunks: staging writes happen between checkpoints, so the failure leaves orphans
        SinkOptions smallChunks =
                new SinkOptions(2_048, 300, 3, Duration.ofMillis(50), Duration.ofHours(24));
        MetricsJobConfig config = config(smallChunks);
        StreamExecutionEnvironment env = environment();
        DataStream<MetricPoint> points =
                env.fromSource(MetricsJob.source(config), MetricsJob.watermarks(config), "kafka")
                        .map(new FailOnce())
                        .name("fail once");
        MetricsJob.toStorablePoints(points, config.seriesIdleTimeout())
                .all()
                .sinkTo(StoreSink.points(config.store(), config.sink()));
        FailOnce.FAILED.set(false);
        job = env.executeAsync("recovery-it");

        awaitCount(() -> count("samples"), requests * pointsPerRequest);
        Thread.sleep(2_000); // any duplicate would be committed by now
        assertThat(FailOnce.FAILED).isTrue();
        assertThat(count("samples")).isEqualTo(requests * pointsPerRequest);
        assertThat(
                        store.query(
                                        "SELECT sum(count) AS n FROM "
                                                + store.database()
                                                + ".samples_1m")
                                .get(0)
                                .path("n")
                                .asLong())
                .isEqualTo(requests * pointsPerRequest);
    }

    // ---- helpers ----

    private void send(ExportMetricsServiceRequest request) throws Exception {
        Otlp.send(kafka.bootstrapServers(), topic, request);
    }

    private long count(String table) {
        return store.query("SELECT count() AS n FROM " + store.database() + "." + table)
                .get(0)
                .path("n")
                .asLong();
    }

    private static void awaitCount(LongSupplier actual, long expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 90_000;
        while (actual.getAsLong() < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(actual.getAsLong()).isEqualTo(expected);
    }

    private static Metric counter(String name, long startMs, long timeMs, double value) {
        return Metric.newBuilder()
                .setName(name)
                .setSum(
                        Sum.newBuilder()
                                .setIsMonotonic(true)
                                .setAggregationTemporality(
                                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                .addDataPoints(
                                        Otlp.number(timeMs, value)
                                                .setStartTimeUnixNano(startMs * 1_000_000L)))
                .build();
    }

    private static Metric histogram(long startMs, long timeMs, long... counts) {
        HistogramDataPoint.Builder p =
                HistogramDataPoint.newBuilder()
                        .setStartTimeUnixNano(startMs * 1_000_000L)
                        .setTimeUnixNano(timeMs * 1_000_000L)
                        .addExplicitBounds(1)
                        .addExplicitBounds(5);
        long total = 0;
        for (long c : counts) {
            p.addBucketCounts(c);
            total += c;
        }
        p.setCount(total).setSum(total * 2.0);
        return Metric.newBuilder()
                .setName("latency")
                .setHistogram(
                        Histogram.newBuilder()
                                .setAggregationTemporality(
                                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                .addDataPoints(p))
                .build();
    }
}
