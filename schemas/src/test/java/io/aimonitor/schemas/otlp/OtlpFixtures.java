package io.aimonitor.schemas.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;

/** Builders for OTLP requests in tests. */
public final class OtlpFixtures {
    public static final long T0_NANOS = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z

    private OtlpFixtures() {}

    public static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    public static ExportMetricsServiceRequest request(Resource resource, Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(
                        ResourceMetrics.newBuilder()
                                .setResource(resource)
                                .addScopeMetrics(
                                        ScopeMetrics.newBuilder()
                                                .setScope(
                                                        InstrumentationScope.newBuilder()
                                                                .setName("test-scope")
                                                                .setVersion("1.0"))
                                                .addAllMetrics(java.util.List.of(metrics))))
                .build();
    }

    public static Resource resource(String serviceName, String host) {
        return Resource.newBuilder()
                .addAttributes(attr("service.name", serviceName))
                .addAttributes(attr("host.name", host))
                .build();
    }
}
