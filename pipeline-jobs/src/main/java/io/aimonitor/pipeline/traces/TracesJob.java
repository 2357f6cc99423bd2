package io.aimonitor.pipeline.traces;

import io.aimonitor.pipeline.ClusterLauncher;
import io.aimonitor.pipeline.metrics.MetricsJob;
import io.aimonitor.pipeline.metrics.MetricsJobConfig;
import io.aimonitor.pipeline.sink.SpanRows;
import io.aimonitor.pipeline.sink.StoreSink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The traces job: OTLP spans from Kafka into the spans table, exactly once (the same staged sink as
 * metric points). Trace analytics - RED, service graph, trace summaries - build on this stream.
 */
public final class TracesJob {
    public static final String DEFAULT_TOPIC = "otlp_spans";

    private TracesJob() {}

    /** Adds the job to {@code env}; {@code spansTopic} holds raw OTLP trace requests. */
    public static void build(
            StreamExecutionEnvironment env, MetricsJobConfig config, String spansTopic) {
        env.fromSource(
                        MetricsJob.kafkaSource(
                                config.bootstrapServers(),
                                spansTopic,
                                "aimonitor-traces",
                                new OtlpSpansDeserializer()),
                        WatermarkStrategy.noWatermarks(),
                        "OTLP spans from Kafka")
                .uid("otlp-spans-source")
                .sinkTo(new StoreSink<>(config.store(), config.sink(), new SpanRows()))
                .uid("store-spans")
                .name("Store spans");
    }

    /** On a cluster: {@code flink run -c io.aimonitor.pipeline.traces.TracesJob ...}. */
    public static void main(String[] args) throws Exception {
        String topic =
                org.apache.flink.util.ParameterTool.fromArgs(args)
                        .get("kafka.spans-topic", DEFAULT_TOPIC);
        ClusterLauncher.run(args, "aimonitor-traces", (env, config) -> build(env, config, topic));
    }
}
