package io.aimonitor.pipeline.alerting;

import com.google.protobuf.InvalidProtocolBufferException;
import io.aimonitor.pipeline.metrics.OtlpMetricsDeserializer;
import io.aimonitor.schemas.otlp.OtlpSelect;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.apache.flink.api.common.serialization.DeserializationSchema;

/**
 * The alerting job's view of the metrics topic: only metrics some rule watches are decoded; the
 * rest are skipped unparsed (see {@link OtlpSelect}). The rule filter after the source still
 * applies the rules exactly; this only saves work.
 */
public class WatchedPointsDeserializer extends OtlpMetricsDeserializer {
    private final String bootstrapServers;
    private final String rulesTopic;
    private transient WatchedMetrics watched;

    public WatchedPointsDeserializer(String bootstrapServers, String rulesTopic) {
        this.bootstrapServers = bootstrapServers;
        this.rulesTopic = rulesTopic;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        super.open(context);
        watched = WatchedMetrics.of(bootstrapServers, rulesTopic);
    }

    @Override
    protected ExportMetricsServiceRequest parse(byte[] bytes)
            throws InvalidProtocolBufferException {
        return OtlpSelect.select(bytes, watched::watches);
    }
}
