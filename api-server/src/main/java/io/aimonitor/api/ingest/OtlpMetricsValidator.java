package io.aimonitor.api.ingest;

import io.aimonitor.schemas.otlp.DecodeStats;
import io.aimonitor.schemas.otlp.OtlpAttributes;
import io.aimonitor.schemas.otlp.OtlpPointCount;
import io.aimonitor.schemas.otlp.OtlpPointRules;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;

/**
 * Checks every data point of a request with the same rules the metrics job applies, without
 * decoding it, and - only when something was rejected - rebuilds the request without the rejected
 * points, so that what reaches Kafka is exactly what was reported as accepted.
 */
final class OtlpMetricsValidator {

    /** The request to forward (the original when nothing was rejected) and what was decided. */
    record Result(ExportMetricsServiceRequest accepted, DecodeStats stats) {}

    private OtlpMetricsValidator() {}

    static Result validate(ExportMetricsServiceRequest request) {
        DecodeStats stats = new DecodeStats();
        walk(request, stats, null);
        if (stats.rejected() == 0) {
            return new Result(request, stats);
        }
        ExportMetricsServiceRequest.Builder filtered = ExportMetricsServiceRequest.newBuilder();
        walk(request, new DecodeStats(), filtered);
        return new Result(filtered.build(), stats);
    }

    /** Validates every point; with {@code out}, copies the structure keeping only valid points. */
    private static void walk(
            ExportMetricsServiceRequest request,
            DecodeStats stats,
            ExportMetricsServiceRequest.Builder out) {
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            String resourceError =
                    OtlpPointRules.checkAttributes(
                            rm.getResource().getAttributesList(), "resource");
            ResourceMetrics.Builder rmOut = out == null ? null : rm.toBuilder().clearScopeMetrics();
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                String scopeError =
                        resourceError != null
                                ? resourceError
                                : OtlpPointRules.checkAttributes(
                                        sm.getScope().getAttributesList(), "scope");
                // resource + scope attributes + otel.scope.name/version, before point attributes
                int sharedLabels =
                        rm.getResource().getAttributesCount()
                                + sm.getScope().getAttributesCount()
                                + 2;
                ScopeMetrics.Builder smOut = out == null ? null : sm.toBuilder().clearMetrics();
                for (Metric metric : sm.getMetricsList()) {
                    String error =
                            scopeError != null ? scopeError : OtlpPointRules.checkMetric(metric);
                    if (error != null) {
                        stats.reject(error, OtlpPointCount.of(metric));
                        continue;
                    }
                    Metric kept = checkPoints(metric, sharedLabels, stats, out != null);
                    if (smOut != null && kept != null) {
                        smOut.addMetrics(kept);
                    }
                }
                if (smOut != null && smOut.getMetricsCount() > 0) {
                    rmOut.addScopeMetrics(smOut);
                }
            }
            if (out != null && rmOut.getScopeMetricsCount() > 0) {
                out.addResourceMetrics(rmOut);
            }
        }
    }

    private static String labelCount(String metric, int shared, int own) {
        return shared + own > OtlpAttributes.MAX_LABELS
                ? metric + ": series would have more than " + OtlpAttributes.MAX_LABELS + " labels"
                : null;
    }

    private static String firstError(String a, String b) {
        return a != null ? a : b;
    }

    /** Returns the metric with only its valid points (null if none), when {@code rebuild}. */
    private static Metric checkPoints(
            Metric metric, int shared, DecodeStats stats, boolean rebuild) {
        String name = metric.getName();
        switch (metric.getDataCase()) {
            case GAUGE:
                {
                    Gauge.Builder kept = Gauge.newBuilder();
                    for (NumberDataPoint p : metric.getGauge().getDataPointsList()) {
                        if (keep(
                                firstError(
                                        OtlpPointRules.check(name, p),
                                        labelCount(name, shared, p.getAttributesCount())),
                                stats)) {
                            kept.addDataPoints(p);
                        }
                    }
                    return rebuild && kept.getDataPointsCount() > 0
                            ? metric.toBuilder().setGauge(kept).build()
                            : null;
                }
            case SUM:
                {
                    Sum.Builder kept = metric.getSum().toBuilder().clearDataPoints();
                    for (NumberDataPoint p : metric.getSum().getDataPointsList()) {
                        if (keep(
                                firstError(
                                        OtlpPointRules.check(name, p),
                                        labelCount(name, shared, p.getAttributesCount())),
                                stats)) {
                            kept.addDataPoints(p);
                        }
                    }
                    return rebuild && kept.getDataPointsCount() > 0
                            ? metric.toBuilder().setSum(kept).build()
                            : null;
                }
            case HISTOGRAM:
                {
                    Histogram.Builder kept = metric.getHistogram().toBuilder().clearDataPoints();
                    for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
                        if (keep(
                                firstError(
                                        OtlpPointRules.check(name, p),
                                        labelCount(name, shared, p.getAttributesCount())),
                                stats)) {
                            kept.addDataPoints(p);
                        }
                    }
                    return rebuild && kept.getDataPointsCount() > 0
                            ? metric.toBuilder().setHistogram(kept).build()
                            : null;
                }
            case EXPONENTIAL_HISTOGRAM:
                {
                    ExponentialHistogram.Builder kept =
                            metric.getExponentialHistogram().toBuilder().clearDataPoints();
                    for (ExponentialHistogramDataPoint p :
                            metric.getExponentialHistogram().getDataPointsList()) {
                        if (keep(
                                firstError(
                                        OtlpPointRules.check(name, p),
                                        labelCount(name, shared, p.getAttributesCount())),
                                stats)) {
                            kept.addDataPoints(p);
                        }
                    }
                    return rebuild && kept.getDataPointsCount() > 0
                            ? metric.toBuilder().setExponentialHistogram(kept).build()
                            : null;
                }
            case SUMMARY:
                {
                    Summary.Builder kept = Summary.newBuilder();
                    for (SummaryDataPoint p : metric.getSummary().getDataPointsList()) {
                        if (keep(
                                firstError(
                                        OtlpPointRules.check(name, p),
                                        labelCount(name, shared, p.getAttributesCount() + 1)),
                                stats)) {
                            kept.addDataPoints(p);
                        }
                    }
                    return rebuild && kept.getDataPointsCount() > 0
                            ? metric.toBuilder().setSummary(kept).build()
                            : null;
                }
            default:
                stats.reject(name + ": metric has no data", 0);
                return null;
        }
    }

    private static boolean keep(String error, DecodeStats stats) {
        if (error != null) {
            stats.reject(error, 1);
            return false;
        }
        stats.accept();
        return true;
    }
}
