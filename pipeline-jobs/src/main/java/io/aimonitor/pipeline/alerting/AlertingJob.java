package io.aimonitor.pipeline.alerting;

import io.aimonitor.pipeline.ClusterLauncher;
import io.aimonitor.pipeline.KafkaSinks;
import io.aimonitor.pipeline.metrics.MetricsJob;
import io.aimonitor.pipeline.metrics.MetricsJobConfig;
import io.aimonitor.schemas.alerts.AlertBand;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.metrics.MetricPoint;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The alerting job: its own reading of the metrics topic, so that alerts never wait for (or fail
 * with) the telemetry store. Its output goes to Kafka only; the metrics job stores it.
 *
 * <pre>
 * rules topic -> broadcast --------+----------------------------------+---------------------+
 *                                  v                                  v                     v
 * otlp_metrics -> decode watched metrics only -> rule filter -> route, cumulative-to-delta -> keyBy(series)
 *     -> SeriesEvaluator -+-> alert events ---------------------------------+-> alerts topic
 *                         +-> group signals -> keyBy(group) -> GroupEvaluator -+
 *                         bands (both evaluators) ----------------------------> alert_bands topic
 * </pre>
 *
 * Alert events reach the {@code alerts} topic as soon as they happen, at least once: after a
 * recovery an event may repeat, identical, and consumers deduplicate by fingerprint, state and
 * event time.
 */
public final class AlertingJob {
    /** The broadcast rules: rule id to JSON. */
    public static final MapStateDescriptor<String, String> RULES = RuleBook.RULES;

    private AlertingJob() {}

    /** Adds the alerting job - Kafka sources to Kafka sinks - to {@code env}. */
    public static void build(StreamExecutionEnvironment env, MetricsJobConfig config) {
        AlertingConfig alerting = config.alerting();
        BroadcastStream<RuleUpdate> rules =
                env.fromSource(
                                rulesSource(config.bootstrapServers(), alerting.rulesTopic()),
                                neverHoldsBackTime(),
                                "Rules from Kafka")
                        .uid("rules-source")
                        .setParallelism(1)
                        .broadcast(RULES);
        DataStream<MetricPoint> points =
                env.fromSource(
                                MetricsJob.source(
                                        config.bootstrapServers(),
                                        config.topic(),
                                        alerting.groupId(),
                                        new WatchedPointsDeserializer(
                                                config.bootstrapServers(), alerting.rulesTopic())),
                                MetricsJob.watermarks(config),
                                "OTLP metrics from Kafka")
                        .uid("otlp-metrics-source")
                        .connect(rules)
                        .process(new RuleMetricFilter())
                        .uid("rule-metric-filter")
                        .name("Keep watched metrics");
        Evaluated evaluated =
                evaluate(
                        MetricsJob.toStorablePoints(points, config.seriesIdleTimeout()).all(),
                        rules,
                        alerting.options());
        evaluated
                .events()
                .sinkTo(
                        KafkaSinks.atLeastOnce(
                                config.bootstrapServers(),
                                AlertEventRecords.events(alerting.alertsTopic())))
                .uid("alerts-to-kafka")
                .name("Alert events to Kafka");
        evaluated
                .bands()
                .sinkTo(
                        KafkaSinks.atLeastOnce(
                                config.bootstrapServers(),
                                AlertEventRecords.bands(alerting.bandsTopic())))
                .uid("bands-to-kafka")
                .name("Baseline bands to Kafka");
    }

    /** The two evaluators' outputs. */
    public record Evaluated(
            SingleOutputStreamOperator<AlertEvent> series,
            SingleOutputStreamOperator<AlertEvent> groups) {
        public DataStream<AlertEvent> events() {
            return series.union(groups);
        }

        public DataStream<AlertBand> bands() {
            return series.getSideOutput(SeriesEvaluator.BANDS)
                    .union(groups.getSideOutput(GroupEvaluator.BANDS));
        }
    }

    /** Points (of watched metrics) and rules to alert events; testable with any sources. */
    public static Evaluated evaluate(
            DataStream<MetricPoint> points,
            BroadcastStream<RuleUpdate> rules,
            AlertingOptions options) {
        SingleOutputStreamOperator<AlertEvent> series =
                points.keyBy(p -> p.seriesId)
                        .connect(rules)
                        .process(new SeriesEvaluator(options))
                        .uid("series-evaluator")
                        .name("Evaluate rules per series");
        SingleOutputStreamOperator<AlertEvent> groups =
                series.getSideOutput(SeriesEvaluator.GROUP_SIGNALS)
                        .keyBy(s -> s.groupKey)
                        .connect(rules)
                        .process(new GroupEvaluator(options))
                        .uid("group-evaluator")
                        .name("Evaluate rules per group");
        return new Evaluated(series, groups);
    }

    static KafkaSource<RuleUpdate> rulesSource(String bootstrapServers, String topic) {
        return KafkaSource.<RuleUpdate>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId("aimonitor-alerting-rules")
                // every start reads the whole compacted topic; a restore resumes from its
                // checkpoint
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RuleUpdateDeserializer())
                .setProperty("partition.discovery.interval.ms", "60000")
                .build();
    }

    /**
     * The rules stream carries no time; its watermark is "the end of time", so joining it never
     * holds back the points' event time.
     */
    static WatermarkStrategy<RuleUpdate> neverHoldsBackTime() {
        return WatermarkStrategy.forGenerator(
                context ->
                        new WatermarkGenerator<>() {
                            @Override
                            public void onEvent(
                                    RuleUpdate event, long timestamp, WatermarkOutput output) {}

                            @Override
                            public void onPeriodicEmit(WatermarkOutput output) {
                                output.emitWatermark(new Watermark(Long.MAX_VALUE));
                            }
                        });
    }

    /**
     * On a Flink cluster: {@code flink run -c io.aimonitor.pipeline.alerting.AlertingJob job.jar
     * --kafka.bootstrap-servers ...} (see {@link ClusterLauncher}).
     */
    public static void main(String[] args) throws Exception {
        ClusterLauncher.run(args, "aimonitor-alerting", AlertingJob::build);
    }
}
