package io.aimonitor.agent.otlp;

import io.aimonitor.agent.collect.Sample;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One collection as an OTLP export request: the agent's resource (host and OS facts), one scope per
 * collector, one metric per name with a data point per attribute set. Counters are cumulative
 * monotonic sums starting at the agent's start.
 */
public final class OtlpEncoder {
    private final Resource resource;
    private final long startNanos;

    public OtlpEncoder(Map<String, String> resourceAttributes, long startNanos) {
        Resource.Builder r = Resource.newBuilder();
        resourceAttributes.forEach((k, v) -> r.addAttributes(attribute(k, v)));
        this.resource = r.build();
        this.startNanos = startNanos;
    }

    public ExportMetricsServiceRequest encode(Map<String, List<Sample>> byScope, long timeNanos) {
        ResourceMetrics.Builder rm = ResourceMetrics.newBuilder().setResource(resource);
        byScope.forEach(
                (scope, samples) -> {
                    ScopeMetrics.Builder sm =
                            ScopeMetrics.newBuilder()
                                    .setScope(InstrumentationScope.newBuilder().setName(scope));
                    Map<String, Metric.Builder> metrics = new LinkedHashMap<>();
                    for (Sample s : samples) {
                        Metric.Builder m =
                                metrics.computeIfAbsent(
                                        s.name(),
                                        n -> Metric.newBuilder().setName(n).setUnit(s.unit()));
                        NumberDataPoint.Builder p =
                                NumberDataPoint.newBuilder()
                                        .setTimeUnixNano(timeNanos)
                                        .setAsDouble(s.value());
                        s.attributes().forEach((k, v) -> p.addAttributes(attribute(k, v)));
                        if (s.kind() == Sample.Kind.COUNTER) {
                            p.setStartTimeUnixNano(startNanos);
                            Sum.Builder sum =
                                    m.hasSum()
                                            ? m.getSumBuilder()
                                            : m.getSumBuilder()
                                                    .setIsMonotonic(true)
                                                    .setAggregationTemporality(
                                                            AggregationTemporality
                                                                    .AGGREGATION_TEMPORALITY_CUMULATIVE);
                            sum.addDataPoints(p);
                        } else {
                            Gauge.Builder g = m.getGaugeBuilder();
                            g.addDataPoints(p);
                        }
                    }
                    metrics.values().forEach(sm::addMetrics);
                    rm.addScopeMetrics(sm);
                });
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(rm).build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }
}
