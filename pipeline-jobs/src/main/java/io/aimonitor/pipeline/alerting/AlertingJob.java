package io.aimonitor.pipeline.alerting;

import io.aimonitor.pipeline.sink.AlertRows;
import io.aimonitor.pipeline.sink.SinkOptions;
import io.aimonitor.pipeline.sink.StoreSink;
import io.aimonitor.schemas.alerts.AlertBand;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.store.StoreConfig;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The alerting branch of the pipeline, fed by the metrics job's decoded points.
 *
 * <pre>
 * rules topic -> broadcast ------+----------------------+------------------------+
 *                                v                      v                        v
 * points -> keep watched metrics -> keyBy(series) -> SeriesEvaluator -+-> alert events --+-> alerts topic
 *                                                                     |                  +-> alert_events
 *                                   group signals -> keyBy(group) -> GroupEvaluator -> alert events
 *                                                     bands (both) -> alert_bands_1m
 * </pre>
 *
 * Alert events reach the {@code alerts} topic as soon as they happen (at least once: after a
 * recovery an event may repeat, identical, and consumers deduplicate by fingerprint, state and
 * event time); {@code alert_events} and the bands are stored exactly once, at checkpoints.
 */
public final class AlertingJob {
    private AlertingJob() {}

    public static void attach(
            StreamExecutionEnvironment env,
            DataStream<MetricPoint> points,
            String bootstrapServers,
            StoreConfig store,
            SinkOptions sink,
            AlertingConfig config) {
        BroadcastStream<RuleUpdate> rules =
                env.fromSource(
                                rulesSource(bootstrapServers, config.rulesTopic()),
                                neverHoldsBackTime(),
                                "Rules from Kafka")
                        .uid("rules-source")
                        .setParallelism(1)
                        .broadcast(RuleBook.RULES);
        Evaluated evaluated = evaluate(points, rules, config.options());
        DataStream<AlertEvent> events = evaluated.events();
        events.sinkTo(alertsSink(bootstrapServers, config.alertsTopic()))
                .uid("alerts-to-kafka")
                .name("Alert events to Kafka");
        events.sinkTo(new StoreSink<>(store, sink, new AlertRows.Events()))
                .uid("store-alert-events")
                .name("Store alert events");
        evaluated
                .bands()
                .sinkTo(new StoreSink<>(store, sink, new AlertRows.Bands()))
                .uid("store-alert-bands")
                .name("Store baseline bands");
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

    /** Points and rules to alert events (bands in side outputs); testable with any sources. */
    public static Evaluated evaluate(
            DataStream<MetricPoint> points,
            BroadcastStream<RuleUpdate> rules,
            AlertingOptions options) {
        SingleOutputStreamOperator<AlertEvent> series =
                points.connect(rules)
                        .process(new RuleMetricFilter())
                        .uid("rule-metric-filter")
                        .name("Keep watched metrics")
                        .keyBy(p -> p.seriesId)
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

    static KafkaSink<AlertEvent> alertsSink(String bootstrapServers, String topic) {
        return KafkaSink.<AlertEvent>builder()
                .setBootstrapServers(bootstrapServers)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(new AlertEventRecords(topic))
                .setProperty("linger.ms", "0")
                .build();
    }
}
