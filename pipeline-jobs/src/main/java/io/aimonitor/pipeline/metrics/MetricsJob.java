package io.aimonitor.pipeline.metrics;

import io.aimonitor.pipeline.alerting.AlertingConfig;
import io.aimonitor.pipeline.alerting.AlertingJob;
import io.aimonitor.pipeline.alerting.AlertingOptions;
import io.aimonitor.pipeline.sink.StoreSink;
import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.store.StoreConfig;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The metrics job: OTLP metrics from Kafka, decoded once, cumulative series turned into deltas,
 * stored as raw samples and histograms (rollups follow in ClickHouse materialized views); the same
 * points feed the alerting branch ({@link AlertingJob}).
 *
 * <pre>
 * Kafka otlp_metrics -> decode -> route -+-> (gauges, delta sums/histograms) --------> store sink
 *                                        +-> keyBy(series) -> cumulative-to-delta --> store sink
 *                                        all points -> alerting (rules, alert events)
 * </pre>
 */
public final class MetricsJob {

    private MetricsJob() {}

    /** The two streams of storable points the topology produces. */
    public record StorablePoints(DataStream<MetricPoint> direct, DataStream<MetricPoint> deltas) {
        public DataStream<MetricPoint> all() {
            return direct.union(deltas);
        }
    }

    /** The topology between source and sink, testable with any source. */
    public static StorablePoints toStorablePoints(
            DataStream<MetricPoint> points, Duration seriesIdleTimeout) {
        SingleOutputStreamOperator<MetricPoint> routed =
                points.process(new RouteByTemporality())
                        .uid("route-by-temporality")
                        .name("Route by temporality");
        DataStream<MetricPoint> deltas =
                routed.getSideOutput(Descriptors.CUMULATIVE)
                        .keyBy(new SeriesKey())
                        .process(new CumulativeToDeltaFunction(seriesIdleTimeout))
                        .uid("cumulative-to-delta")
                        .name("Cumulative to delta");
        return new StorablePoints(routed, deltas);
    }

    /** Adds the whole job - Kafka source to store sinks - to {@code env}. */
    public static void build(StreamExecutionEnvironment env, MetricsJobConfig config) {
        DataStream<MetricPoint> points =
                env.fromSource(source(config), watermarks(config), "OTLP metrics from Kafka")
                        .uid("otlp-metrics-source");
        StorablePoints storable = toStorablePoints(points, config.seriesIdleTimeout());
        storable.direct()
                .sinkTo(StoreSink.points(config.store(), config.sink()))
                .uid("store-direct-points")
                .name("Store gauges and delta points");
        storable.deltas()
                .sinkTo(StoreSink.points(config.store(), config.sink()))
                .uid("store-cumulative-deltas")
                .name("Store cumulative deltas");
        if (config.alerting() != null) {
            AlertingJob.attach(
                    env,
                    storable.all(),
                    config.bootstrapServers(),
                    config.store(),
                    config.sink(),
                    config.alerting());
        }
    }

    @SuppressWarnings("deprecation") // the connector still takes OffsetResetStrategy
    static KafkaSource<MetricPoint> source(MetricsJobConfig config) {
        return KafkaSource.<MetricPoint>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.topic())
                .setGroupId(config.groupId())
                // a first start reads everything retained: data accepted before the job ran counts
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new OtlpMetricsDeserializer())
                .setProperty("partition.discovery.interval.ms", "30000")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("client.id.prefix", config.groupId())
                .build();
    }

    static WatermarkStrategy<MetricPoint> watermarks(MetricsJobConfig config) {
        return WatermarkStrategy.<MetricPoint>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner(new PointTimestamps())
                .withIdleness(config.sourceIdleness());
    }

    /**
     * On a Flink cluster: {@code flink run -c io.aimonitor.pipeline.metrics.MetricsJob job.jar
     * --kafka.bootstrap-servers ... --clickhouse.url ...}.
     */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StoreConfig store =
                StoreConfig.clickhouse(
                        params.get("clickhouse.url", "http://localhost:8123"),
                        params.get("clickhouse.user", "default"),
                        params.get(
                                "clickhouse.password",
                                System.getenv().getOrDefault("AIMONITOR_CLICKHOUSE_PASSWORD", "")),
                        params.get("clickhouse.database", "aimonitor"));
        MetricsJobConfig defaults =
                MetricsJobConfig.defaults(params.getRequired("kafka.bootstrap-servers"), store);
        MetricsJobConfig config =
                new MetricsJobConfig(
                        defaults.bootstrapServers(),
                        params.get("kafka.topic", defaults.topic()),
                        params.get("kafka.group-id", defaults.groupId()),
                        store,
                        defaults.sink(),
                        defaults.outOfOrderness(),
                        defaults.sourceIdleness(),
                        defaults.seriesIdleTimeout(),
                        new AlertingConfig(
                                params.get("kafka.rules-topic", "rules"),
                                params.get("kafka.alerts-topic", "alerts"),
                                AlertingOptions.DEFAULT));

        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, params.get("state.backend", "rocksdb"));
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        flink.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL,
                Duration.ofSeconds(params.getLong("checkpoint.interval.seconds", 10)));
        flink.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        flink.set(PipelineOptions.OBJECT_REUSE, true);
        if (params.has("checkpoint.dir")) {
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, params.get("checkpoint.dir"));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        build(env, config);
        env.execute("aimonitor-metrics");
    }
}
