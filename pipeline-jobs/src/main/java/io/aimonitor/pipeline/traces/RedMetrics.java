package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.RedPoint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * RED points as OTLP gauges on the metrics topic, so they are stored, charted and alerted on like
 * any metric: {@code apm.<scope>.request_rate} (calls/s), {@code .error_ratio} (0..1) and {@code
 * .duration_p50/_p95/_p99} (ms), labelled {@code service.name} and {@code operation}, or {@code
 * client} and {@code server} for graph edges, stamped at the window's end. Only a window's on-time
 * result is sent: alerting wants it promptly, and the RED table holds the late corrections.
 */
public final class RedMetrics implements KafkaRecordSerializationSchema<RedPoint> {
    private static final String SCOPE = "aimonitor.traces";
    private final String topic;

    public RedMetrics(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            RedPoint point, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                point.service().getBytes(StandardCharsets.UTF_8),
                encode(point).toByteArray());
    }

    static ExportMetricsServiceRequest encode(RedPoint p) {
        long time = (p.windowStartMs() + p.windowMs()) * 1_000_000L;
        String prefix = "apm." + p.scope() + ".";
        KeyValue[] labels =
                RedPoint.EDGE.equals(p.scope())
                        ? new KeyValue[] {label("client", p.service()), label("server", p.peer())}
                        : RedPoint.OPERATION.equals(p.scope())
                                ? new KeyValue[] {
                                    label("service.name", p.service()),
                                    label("operation", p.operation())
                                }
                                : new KeyValue[] {label("service.name", p.service())};
        ScopeMetrics.Builder metrics =
                ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName(SCOPE));
        metrics.addMetrics(gauge(prefix + "request_rate", "1/s", p.callsPerSecond(), time, labels));
        metrics.addMetrics(gauge(prefix + "error_ratio", "1", p.errorRatio(), time, labels));
        metrics.addMetrics(gauge(prefix + "duration_p50", "ms", p.p50Nanos() / 1e6, time, labels));
        metrics.addMetrics(gauge(prefix + "duration_p95", "ms", p.p95Nanos() / 1e6, time, labels));
        metrics.addMetrics(gauge(prefix + "duration_p99", "ms", p.p99Nanos() / 1e6, time, labels));
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(
                        ResourceMetrics.newBuilder()
                                .setResource(Resource.getDefaultInstance())
                                .addScopeMetrics(metrics))
                .build();
    }

    private static Metric gauge(
            String name, String unit, double value, long timeNanos, KeyValue[] labels) {
        NumberDataPoint.Builder point =
                NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos).setAsDouble(value);
        for (KeyValue l : labels) {
            point.addAttributes(l);
        }
        return Metric.newBuilder()
                .setName(name)
                .setUnit(unit)
                .setGauge(io.opentelemetry.proto.metrics.v1.Gauge.newBuilder().addDataPoints(point))
                .build();
    }

    private static KeyValue label(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }
}
