package io.aimonitor.pipeline.traces;

import io.aimonitor.pipeline.ClusterLauncher;
import io.aimonitor.pipeline.KafkaSinks;
import io.aimonitor.pipeline.metrics.MetricsJob;
import io.aimonitor.pipeline.metrics.MetricsJobConfig;
import io.aimonitor.pipeline.sink.RowEncoder;
import io.aimonitor.pipeline.sink.SpanRows;
import io.aimonitor.pipeline.sink.StoreSink;
import io.aimonitor.pipeline.sink.TraceAnalyticsRows;
import io.aimonitor.schemas.rum.VitalSamples;
import io.aimonitor.schemas.traces.ErrorGroupPoint;
import io.aimonitor.schemas.traces.RedPoint;
import io.aimonitor.schemas.traces.SpanRecord;
import io.aimonitor.schemas.traces.TraceSummary;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.ParameterTool;

/**
 * The traces job: OTLP spans into the spans table exactly once, and what operators read from them,
 * in event time (a span's end):
 *
 * <pre>
 * otlp_spans -> decode -+-> spans table
 *                       +-> span facts -+-> keyBy(trace) -> TraceAssembler -+-> trace summaries
 *                                       |                 graph edges -> pre-aggregate --+
 *                                       +-> entry calls -> pre-aggregate ----------------+
 *                                       |     -> keyBy(scope, service, operation, peer) -> window
 *                                       |     -> RED (+ sketch, exemplars) -+-> apm_red table
 *                                       |                                   +-> otlp_metrics
 *                                       +-> SlowSpanDetector (per subtask) -> slow spans
 *                                       +-> errors -> keyBy(group) -> window -> error groups
 * rum -> Web Vitals table (p75 rollups by materialized view)
 * </pre>
 *
 * Spans later than a window's allowed lateness still reach the spans table; only the windows ignore
 * them (Flink counts them as numLateRecordsDropped).
 */
public final class TracesJob {
    public static final String DEFAULT_TOPIC = "otlp_spans";

    private TracesJob() {}

    /** Which topics the job reads and how it derives analytics. */
    public record Topics(String spans, String rum) implements java.io.Serializable {
        public static final Topics DEFAULT = new Topics(DEFAULT_TOPIC, VitalSamples.DEFAULT_TOPIC);
    }

    /** Adds the job to {@code env}. */
    public static void build(
            StreamExecutionEnvironment env,
            MetricsJobConfig config,
            Topics topics,
            TraceAnalyticsOptions options) {
        // every element is an immutable record and no function keeps or changes its input, so
        // the spans fanned out to the sink and the analytics need not be copied for each
        env.getConfig().enableObjectReuse();
        DataStream<SpanRecord> spans =
                env.fromSource(
                                MetricsJob.kafkaSource(
                                        config.bootstrapServers(),
                                        topics.spans(),
                                        "aimonitor-traces",
                                        new OtlpSpansDeserializer()),
                                watermarks(options),
                                "OTLP spans from Kafka")
                        .uid("otlp-spans-source");
        store(spans, config, new SpanRows(), "spans");
        DataStream<SpanFacts> facts = spans.map(SpanFacts::of).uid("span-facts").name("Span facts");

        SingleOutputStreamOperator<TraceSummary> summaries =
                facts.keyBy(SpanFacts::traceId)
                        .process(
                                new TraceAssembler(
                                        options.traceQuiet().toMillis(),
                                        options.traceRetention().toMillis()))
                        .uid("trace-assembler")
                        .name("Assemble traces");
        store(summaries, config, new TraceAnalyticsRows.Summaries(), "trace-summaries");

        long windowMs = options.window().toMillis();
        DataStream<RedPartial> entryCalls =
                facts.flatMap(new EntryCalls())
                        .uid("entry-calls")
                        .name("Entry calls")
                        .transform(
                                "Pre-aggregate entry calls",
                                TypeInformation.of(RedPartial.class),
                                new LocalRedAggregator(windowMs))
                        .uid("entry-calls-pre-aggregate");
        DataStream<RedPartial> edgeCalls =
                summaries
                        .getSideOutput(TraceAssembler.EDGES)
                        .transform(
                                "Pre-aggregate graph edges",
                                TypeInformation.of(RedPartial.class),
                                new LocalRedAggregator(windowMs))
                        .uid("edge-calls-pre-aggregate");
        SingleOutputStreamOperator<RedPoint> red =
                entryCalls
                        .union(edgeCalls)
                        .keyBy(RedPartial::key)
                        .window(TumblingEventTimeWindows.of(options.window()))
                        .allowedLateness(options.allowedLateness())
                        .aggregate(new RedAggregate(), new RedAggregate.ToPoint())
                        .uid("red-windows")
                        .name("RED per window");
        store(red, config, new TraceAnalyticsRows.Red(), "red");
        if (options.metricsTopic() != null) {
            red.filter(p -> p.version() == 1)
                    .uid("on-time-red")
                    .name("On-time RED")
                    .sinkTo(
                            KafkaSinks.atLeastOnce(
                                    config.bootstrapServers(),
                                    new RedMetrics(options.metricsTopic())))
                    .uid("red-to-metrics")
                    .name("RED gauges to the metrics topic");
        }

        store(
                facts.process(
                                new SlowSpanDetector(
                                        options.slowDeviation(), options.slowRatio(), 100_000))
                        .uid("slow-spans")
                        .name("Detect slow spans"),
                config,
                new TraceAnalyticsRows.Slow(),
                "slow-spans");

        SingleOutputStreamOperator<ErrorGroupPoint> errors =
                facts.filter(SpanFacts::error)
                        .uid("failed-spans")
                        .name("Failed spans")
                        .map(ErrorSample::of)
                        .uid("error-samples")
                        .name("Error groups")
                        .keyBy(ErrorSample::fingerprint)
                        .window(TumblingEventTimeWindows.of(options.window()))
                        .allowedLateness(options.allowedLateness())
                        .aggregate(new ErrorGroupAggregate(), new ErrorGroupAggregate.ToPoint())
                        .uid("error-group-windows")
                        .name("Error groups per window");
        store(errors, config, new TraceAnalyticsRows.ErrorGroups(), "error-groups");

        store(
                env.fromSource(
                                MetricsJob.kafkaSource(
                                        config.bootstrapServers(),
                                        topics.rum(),
                                        "aimonitor-rum",
                                        new VitalSamplesDeserializer()),
                                WatermarkStrategy.noWatermarks(),
                                "Web Vitals from Kafka")
                        .uid("rum-source"),
                config,
                new TraceAnalyticsRows.Vitals(),
                "web-vitals");
    }

    private static <T> void store(
            DataStream<T> stream, MetricsJobConfig config, RowEncoder<T> rows, String name) {
        stream.sinkTo(new StoreSink<>(config.store(), config.sink(), rows))
                .uid("store-" + name)
                .name("Store " + name);
    }

    /** Event time is a span's end; a quiet source lets time follow the wall clock. */
    static WatermarkStrategy<SpanRecord> watermarks(TraceAnalyticsOptions options) {
        long bound = options.outOfOrderness().toMillis();
        long quiet = options.quietSource().toMillis();
        return WatermarkStrategy.<SpanRecord>forGenerator(
                        context ->
                                new QuietSourceWatermarks<>(
                                        bound, quiet, context.getInputActivityClock()))
                .withTimestampAssigner(
                        (span, previous) -> (span.startNanos() + span.durationNanos()) / 1_000_000);
    }

    /** On a cluster: {@code flink run -c io.aimonitor.pipeline.traces.TracesJob ...}. */
    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        Topics topics =
                new Topics(
                        params.get("kafka.spans-topic", DEFAULT_TOPIC),
                        params.get("kafka.rum-topic", VitalSamples.DEFAULT_TOPIC));
        TraceAnalyticsOptions options =
                TraceAnalyticsOptions.DEFAULT.withMetricsTopic(
                        params.get(
                                "kafka.metrics-topic",
                                TraceAnalyticsOptions.DEFAULT.metricsTopic()));
        ClusterLauncher.run(
                args, "aimonitor-traces", (env, config) -> build(env, config, topics, options));
    }
}
