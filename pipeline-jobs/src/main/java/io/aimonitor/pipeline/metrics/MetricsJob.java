package io.aimonitor.pipeline.metrics;

import io.aimonitor.pipeline.ClusterLauncher;
import io.aimonitor.pipeline.alerting.AlertEventRecords;
import io.aimonitor.pipeline.alerting.AlertingConfig;
import io.aimonitor.pipeline.sink.AlertRows;
import io.aimonitor.pipeline.sink.StoreSink;
import io.aimonitor.schemas.metrics.MetricPoint;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The metrics job: OTLP metrics from Kafka, decoded once, cumulative series turned into deltas,
 * stored as raw samples and histograms (rollups follow in ClickHouse materialized views). It also
 * stores what the alerting job ({@link io.aimonitor.pipeline.alerting.AlertingJob}) writes to
 * Kafka: alert events and baseline bands - the one writer to the store.
 *
 * <pre>
 * Kafka otlp_metrics -> decode -> route -+-> (gauges, delta sums/histograms) --------> store sink
 *                                        +-> keyBy(series) -> cumulative-to-delta --> store sink
 * Kafka alerts, alert_bands ------------------------------------------------------> store sinks
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
            storeAlerts(env, config);
        }
    }

    /** Stores what the alerting job writes to Kafka, exactly once like the points. */
    private static void storeAlerts(StreamExecutionEnvironment env, MetricsJobConfig config) {
        AlertingConfig alerting = config.alerting();
        env.fromSource(
                        kafkaSource(
                                config.bootstrapServers(),
                                alerting.alertsTopic(),
                                config.groupId() + "-alerts",
                                AlertEventRecords.eventReader()),
                        WatermarkStrategy.noWatermarks(),
                        "Alert events from Kafka")
                .uid("alert-events-source")
                .sinkTo(new StoreSink<>(config.store(), config.sink(), new AlertRows.Events()))
                .uid("store-alert-events")
                .name("Store alert events");
        env.fromSource(
                        kafkaSource(
                                config.bootstrapServers(),
                                alerting.bandsTopic(),
                                config.groupId() + "-bands",
                                AlertEventRecords.bandReader()),
                        WatermarkStrategy.noWatermarks(),
                        "Baseline bands from Kafka")
                .uid("alert-bands-source")
                .sinkTo(new StoreSink<>(config.store(), config.sink(), new AlertRows.Bands()))
                .uid("store-alert-bands")
                .name("Store baseline bands");
    }

    static KafkaSource<MetricPoint> source(MetricsJobConfig config) {
        return source(
                config.bootstrapServers(),
                config.topic(),
                config.groupId(),
                new OtlpMetricsDeserializer());
    }

    /** The OTLP metrics topic, decoded to points by {@code decoder}. */
    public static KafkaSource<MetricPoint> source(
            String bootstrapServers,
            String topic,
            String groupId,
            KafkaRecordDeserializationSchema<MetricPoint> decoder) {
        return kafkaSource(bootstrapServers, topic, groupId, decoder);
    }

    /** A Kafka source reading from the committed offsets, or from the start the first time. */
    @SuppressWarnings("deprecation") // the connector still takes OffsetResetStrategy
    public static <T> KafkaSource<T> kafkaSource(
            String bootstrapServers,
            String topic,
            String groupId,
            KafkaRecordDeserializationSchema<T> records) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                // a first start reads everything retained: data accepted before the job ran counts
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(records)
                .setProperty("partition.discovery.interval.ms", "30000")
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("client.id.prefix", groupId)
                .build();
    }

    public static WatermarkStrategy<MetricPoint> watermarks(MetricsJobConfig config) {
        return WatermarkStrategy.<MetricPoint>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner(new PointTimestamps())
                .withIdleness(config.sourceIdleness());
    }

    /**
     * On a Flink cluster: {@code flink run -c io.aimonitor.pipeline.metrics.MetricsJob job.jar
     * --kafka.bootstrap-servers ... --clickhouse.url ...} (see {@link ClusterLauncher}).
     */
    public static void main(String[] args) throws Exception {
        ClusterLauncher.run(args, "aimonitor-metrics", MetricsJob::build);
    }
}
