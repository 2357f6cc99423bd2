package io.aimonitor.schemas.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/** Counts data points the way OTLP's partial_success counts them. */
public final class OtlpPointCount {
    private OtlpPointCount() {}

    public static long of(Metric metric) {
        switch (metric.getDataCase()) {
            case GAUGE:
                return metric.getGauge().getDataPointsCount();
            case SUM:
                return metric.getSum().getDataPointsCount();
            case HISTOGRAM:
                return metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM:
                return metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY:
                return metric.getSummary().getDataPointsCount();
            default:
                return 0;
        }
    }

    public static long of(ExportMetricsServiceRequest request) {
        long n = 0;
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    n += of(m);
                }
            }
        }
        return n;
    }
}
