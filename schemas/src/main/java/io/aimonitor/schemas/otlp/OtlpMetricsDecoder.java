package io.aimonitor.schemas.otlp;

import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.schemas.metrics.MetricType;
import io.aimonitor.schemas.metrics.SeriesFingerprint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes an OTLP metrics request into {@link MetricPoint}s. Resource and scope attributes become
 * labels (point attributes win on a clash; the scope adds {@code otel.scope.name} and {@code
 * otel.scope.version}). Summaries become gauges per quantile plus cumulative {@code _count} and
 * {@code _sum} sums, the way Prometheus stores them. Invalid points are skipped and counted.
 */
public final class OtlpMetricsDecoder {
    public static final String SCOPE_NAME_LABEL = "otel.scope.name";
    public static final String SCOPE_VERSION_LABEL = "otel.scope.version";
    public static final String QUANTILE_LABEL = "quantile";

    private final LabelBuilder resourceLabels = new LabelBuilder();
    private final LabelBuilder scopeLabels = new LabelBuilder();
    private final LabelBuilder pointLabels = new LabelBuilder();
    private String[] sharedLabels = new String[0];

    /** Not thread-safe: keep one decoder per thread. */
    public OtlpMetricsDecoder() {}

    public DecodeStats decode(ExportMetricsServiceRequest request, Consumer<MetricPoint> out) {
        DecodeStats stats = new DecodeStats();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            String resourceError =
                    OtlpPointRules.checkAttributes(
                            rm.getResource().getAttributesList(), "resource");
            resourceLabels.clear();
            OtlpAttributes.appendTo(rm.getResource().getAttributesList(), resourceLabels);
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                InstrumentationScope scope = sm.getScope();
                String scopeError =
                        resourceError != null
                                ? resourceError
                                : OtlpPointRules.checkAttributes(
                                        scope.getAttributesList(), "scope");
                scopeLabels.copyFrom(resourceLabels);
                OtlpAttributes.appendTo(scope.getAttributesList(), scopeLabels);
                if (!scope.getName().isEmpty()) {
                    scopeLabels.put(SCOPE_NAME_LABEL, scope.getName());
                }
                if (!scope.getVersion().isEmpty()) {
                    scopeLabels.put(SCOPE_VERSION_LABEL, scope.getVersion());
                }
                sharedLabels = scopeLabels.toSortedPairs(); // once per scope, not per point
                for (Metric metric : sm.getMetricsList()) {
                    String error =
                            scopeError != null ? scopeError : OtlpPointRules.checkMetric(metric);
                    if (error != null) {
                        stats.reject(error, OtlpPointCount.of(metric));
                        continue;
                    }
                    decodeMetric(metric, out, stats);
                }
            }
        }
        return stats;
    }

    /**
     * The scope's labels with the point's attributes (and one extra label) merged in; null if too
     * many.
     */
    private String[] labels(List<KeyValue> attributes, String extraKey, String extraValue) {
        pointLabels.clear();
        OtlpAttributes.appendTo(attributes, pointLabels);
        if (extraKey != null) {
            pointLabels.put(extraKey, extraValue);
        }
        if (sharedLabels.length / 2 + pointLabels.size() > OtlpAttributes.MAX_LABELS) {
            return null;
        }
        return pointLabels.mergeInto(sharedLabels);
    }

    private static String tooManyLabels(Metric metric) {
        return metric.getName() + ": series has more than " + OtlpAttributes.MAX_LABELS + " labels";
    }

    private void decodeMetric(Metric metric, Consumer<MetricPoint> out, DecodeStats stats) {
        String name = metric.getName();
        String description = metric.getDescription().isEmpty() ? null : metric.getDescription();
        switch (metric.getDataCase()) {
            case GAUGE:
                for (NumberDataPoint p : metric.getGauge().getDataPointsList()) {
                    MetricPoint point = number(metric, MetricType.GAUGE, p, stats);
                    if (point != null) {
                        point.description = description;
                        description = null;
                        out.accept(point);
                    }
                }
                break;
            case SUM:
                boolean cumulative =
                        metric.getSum().getAggregationTemporality()
                                != AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                for (NumberDataPoint p : metric.getSum().getDataPointsList()) {
                    MetricPoint point = number(metric, MetricType.SUM, p, stats);
                    if (point != null) {
                        point.monotonic = metric.getSum().getIsMonotonic();
                        point.cumulative = cumulative;
                        if (!cumulative) {
                            point.delta = point.value;
                            point.rate = rateOf(point.value, point.startTimeMs, point.timestampMs);
                        }
                        point.description = description;
                        description = null;
                        out.accept(point);
                    }
                }
                break;
            case HISTOGRAM:
                boolean cumulativeHistogram =
                        metric.getHistogram().getAggregationTemporality()
                                != AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
                    MetricPoint point = histogram(metric, p, cumulativeHistogram, stats);
                    if (point != null) {
                        point.description = description;
                        description = null;
                        out.accept(point);
                    }
                }
                break;
            case EXPONENTIAL_HISTOGRAM:
                boolean cumulativeExp =
                        metric.getExponentialHistogram().getAggregationTemporality()
                                != AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                for (ExponentialHistogramDataPoint p :
                        metric.getExponentialHistogram().getDataPointsList()) {
                    MetricPoint point = exponential(metric, p, cumulativeExp, stats);
                    if (point != null) {
                        point.description = description;
                        description = null;
                        out.accept(point);
                    }
                }
                break;
            case SUMMARY:
                for (SummaryDataPoint p : metric.getSummary().getDataPointsList()) {
                    summary(metric, p, description, out, stats);
                    description = null;
                }
                break;
            default:
                stats.reject(name + ": metric has no data", 0);
        }
    }

    private MetricPoint number(Metric metric, MetricType type, NumberDataPoint p, DecodeStats s) {
        if (OtlpPointRules.hasNoRecordedValue(p.getFlags())) {
            s.skip();
            return null;
        }
        String error = OtlpPointRules.check(metric.getName(), p);
        if (error != null) {
            s.reject(error, 1);
            return null;
        }
        String[] labels = labels(p.getAttributesList(), null, null);
        if (labels == null) {
            s.reject(tooManyLabels(metric), 1);
            return null;
        }
        MetricPoint point =
                newPoint(
                        metric.getName(),
                        metric.getUnit(),
                        type,
                        labels,
                        p.getTimeUnixNano(),
                        p.getStartTimeUnixNano());
        point.value =
                p.getValueCase() == NumberDataPoint.ValueCase.AS_INT
                        ? (double) p.getAsInt()
                        : p.getAsDouble();
        s.accept();
        return point;
    }

    private MetricPoint histogram(
            Metric metric, HistogramDataPoint p, boolean cumulative, DecodeStats s) {
        if (OtlpPointRules.hasNoRecordedValue(p.getFlags())) {
            s.skip();
            return null;
        }
        String error = OtlpPointRules.check(metric.getName(), p);
        if (error != null) {
            s.reject(error, 1);
            return null;
        }
        String[] labels = labels(p.getAttributesList(), null, null);
        if (labels == null) {
            s.reject(tooManyLabels(metric), 1);
            return null;
        }
        MetricPoint point =
                newPoint(
                        metric.getName(),
                        metric.getUnit(),
                        MetricType.HISTOGRAM,
                        labels,
                        p.getTimeUnixNano(),
                        p.getStartTimeUnixNano());
        point.cumulative = cumulative;
        point.count = p.getCount();
        point.sum = p.hasSum() ? p.getSum() : 0;
        point.bounds = new double[p.getExplicitBoundsCount()];
        for (int i = 0; i < point.bounds.length; i++) {
            point.bounds[i] = p.getExplicitBounds(i);
        }
        if (p.getBucketCountsCount() == 0) {
            point.bounds = new double[0];
            point.bucketCounts = new long[] {p.getCount()};
        } else {
            point.bucketCounts = new long[p.getBucketCountsCount()];
            for (int i = 0; i < point.bucketCounts.length; i++) {
                point.bucketCounts[i] = p.getBucketCounts(i);
            }
        }
        // min and max of a cumulative histogram span its whole life, not one interval
        if (!cumulative) {
            point.min = p.hasMin() ? p.getMin() : MetricPoint.UNKNOWN_MIN;
            point.max = p.hasMax() ? p.getMax() : MetricPoint.UNKNOWN_MAX;
        }
        s.accept();
        return point;
    }

    private MetricPoint exponential(
            Metric metric, ExponentialHistogramDataPoint p, boolean cumulative, DecodeStats s) {
        if (OtlpPointRules.hasNoRecordedValue(p.getFlags())) {
            s.skip();
            return null;
        }
        String error = OtlpPointRules.check(metric.getName(), p);
        if (error != null) {
            s.reject(error, 1);
            return null;
        }
        String[] labels = labels(p.getAttributesList(), null, null);
        if (labels == null) {
            s.reject(tooManyLabels(metric), 1);
            return null;
        }
        MetricPoint point =
                newPoint(
                        metric.getName(),
                        metric.getUnit(),
                        MetricType.EXPONENTIAL_HISTOGRAM,
                        labels,
                        p.getTimeUnixNano(),
                        p.getStartTimeUnixNano());
        point.cumulative = cumulative;
        point.count = p.getCount();
        point.sum = p.hasSum() ? p.getSum() : 0;
        ExponentialBuckets buckets = ExponentialBuckets.of(p);
        point.bounds = buckets.bounds;
        point.bucketCounts = buckets.counts;
        if (!cumulative) {
            point.min = p.hasMin() ? p.getMin() : MetricPoint.UNKNOWN_MIN;
            point.max = p.hasMax() ? p.getMax() : MetricPoint.UNKNOWN_MAX;
        }
        s.accept();
        return point;
    }

    private void summary(
            Metric metric,
            SummaryDataPoint p,
            String description,
            Consumer<MetricPoint> out,
            DecodeStats s) {
        if (OtlpPointRules.hasNoRecordedValue(p.getFlags())) {
            s.skip();
            return;
        }
        String error = OtlpPointRules.check(metric.getName(), p);
        String[] labels = error == null ? labels(p.getAttributesList(), null, null) : null;
        // the quantile label must fit too
        if (labels != null
                && p.getQuantileValuesCount() > 0
                && labels(p.getAttributesList(), QUANTILE_LABEL, "0") == null) {
            labels = null;
        }
        if (error != null || labels == null) {
            s.reject(error != null ? error : tooManyLabels(metric), 1);
            return;
        }
        long time = p.getTimeUnixNano();
        long start = p.getStartTimeUnixNano();
        for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            String[] withQuantile =
                    labels(p.getAttributesList(), QUANTILE_LABEL, Double.toString(q.getQuantile()));
            MetricPoint quantile =
                    newPoint(
                            metric.getName(),
                            metric.getUnit(),
                            MetricType.GAUGE,
                            withQuantile,
                            time,
                            start);
            quantile.value = q.getValue();
            quantile.description = description;
            description = null;
            out.accept(quantile);
        }
        MetricPoint count = counter(metric.getName() + "_count", metric, labels, time, start);
        count.value = p.getCount();
        out.accept(count);
        MetricPoint sum = counter(metric.getName() + "_sum", metric, labels, time, start);
        sum.value = p.getSum();
        out.accept(sum);
        s.accept();
    }

    /** The cumulative counter a summary's count or sum becomes. */
    private static MetricPoint counter(
            String name, Metric metric, String[] labels, long time, long start) {
        MetricPoint point = newPoint(name, metric.getUnit(), MetricType.SUM, labels, time, start);
        point.monotonic = true;
        point.cumulative = true;
        return point;
    }

    private static MetricPoint newPoint(
            String name, String unit, MetricType type, String[] labels, long time, long start) {
        MetricPoint point = new MetricPoint();
        point.metric = name;
        point.type = type;
        point.unit = unit;
        point.labels = labels;
        point.seriesId = SeriesFingerprint.of(name, labels);
        point.timestampMs = time / 1_000_000L;
        point.startTimeMs = start / 1_000_000L;
        return point;
    }

    static double rateOf(double delta, long startMs, long endMs) {
        return startMs > 0 && endMs > startMs ? delta * 1000.0 / (endMs - startMs) : Double.NaN;
    }
}
