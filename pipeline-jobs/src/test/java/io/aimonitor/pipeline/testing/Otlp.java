package io.aimonitor.pipeline.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** OTLP requests for job tests, and a way to put them on a topic as the ingest API does. */
public final class Otlp {
    private Otlp() {}

    public static KeyValue attr(String k, String v) {
        return KeyValue.newBuilder()
                .setKey(k)
                .setValue(AnyValue.newBuilder().setStringValue(v))
                .build();
    }

    /** A span of trace {@code trace} (hex ids; {@code parent} empty for a root). */
    public static Span.Builder span(
            String trace,
            String id,
            String parent,
            String name,
            Span.SpanKind kind,
            long startNanos,
            long endNanos) {
        Span.Builder b =
                Span.newBuilder()
                        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(trace)))
                        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(id)))
                        .setName(name)
                        .setKind(kind)
                        .setStartTimeUnixNano(startNanos)
                        .setEndTimeUnixNano(endNanos);
        if (!parent.isEmpty()) {
            b.setParentSpanId(ByteString.copyFrom(HexFormat.of().parseHex(parent)));
        }
        return b;
    }

    /** One service's spans as an export request. */
    public static ExportTraceServiceRequest spans(String service, Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (Span.Builder s : spans) {
            scope.addSpans(s);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(
                        ResourceSpans.newBuilder()
                                .setResource(
                                        Resource.newBuilder()
                                                .addAttributes(attr("service.name", service)))
                                .addScopeSpans(scope))
                .build();
    }

    public static ExportMetricsServiceRequest request(String host, Metric metric) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(
                        ResourceMetrics.newBuilder()
                                .setResource(
                                        Resource.newBuilder()
                                                .addAttributes(attr("host.name", host)))
                                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric)))
                .build();
    }

    public static NumberDataPoint.Builder number(long timeMs, double value) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(timeMs * 1_000_000L).setAsDouble(value);
    }

    public static Metric gauge(String name, long timeMs, double value) {
        return gaugeOf(name, number(timeMs, value));
    }

    public static Metric gaugeOf(String name, NumberDataPoint.Builder... points) {
        Gauge.Builder g = Gauge.newBuilder();
        for (NumberDataPoint.Builder p : points) {
            g.addDataPoints(p);
        }
        return Metric.newBuilder().setName(name).setGauge(g).build();
    }

    /** Writes the request to {@code topic}, keyed by its host (as the ingest API partitions). */
    public static void send(String bootstrapServers, String topic, ExportMetricsServiceRequest r)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of("bootstrap.servers", bootstrapServers),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            String host =
                    r.getResourceMetrics(0)
                            .getResource()
                            .getAttributes(0)
                            .getValue()
                            .getStringValue();
            producer.send(new ProducerRecord<>(topic, host.getBytes(), r.toByteArray())).get();
        }
    }
}
