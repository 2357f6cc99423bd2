package io.aimonitor.schemas.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.List;

/**
 * What makes an OTLP data point acceptable. Each check returns null when the point is fine, or a
 * message saying what is wrong. Shared by the ingest endpoint (which reports rejections in
 * partial_success) and the metrics job (which skips what a producer writing straight to Kafka got
 * wrong), so both agree on what is stored.
 */
public final class OtlpPointRules {
    /** OTLP's range for exponential histogram scales. */
    public static final int MIN_SCALE = -10;

    public static final int MAX_SCALE = 20;

    private OtlpPointRules() {}

    /** Points flagged "no recorded value" (staleness markers) are skipped, not rejected. */
    public static boolean hasNoRecordedValue(int flags) {
        return (flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0;
    }

    public static String checkMetric(Metric metric) {
        if (metric.getName().isEmpty()) {
            return "metric name is empty";
        }
        return null;
    }

    /** Attributes shared by every point below them (resource or scope). */
    public static String checkAttributes(List<KeyValue> attributes, String where) {
        return checkAttributes(attributes, where, "");
    }

    /** {@code where + suffix} names the owner; only built when something is wrong. */
    private static String checkAttributes(List<KeyValue> attributes, String where, String suffix) {
        if (attributes.size() > OtlpAttributes.MAX_LABELS) {
            return where
                    + suffix
                    + " has "
                    + attributes.size()
                    + " attributes, more than "
                    + OtlpAttributes.MAX_LABELS;
        }
        for (int i = 0, n = attributes.size(); i < n; i++) {
            KeyValue kv = attributes.get(i);
            if (valueLength(kv.getValue()) > OtlpAttributes.MAX_VALUE_LENGTH) {
                return where
                        + suffix
                        + " attribute '"
                        + kv.getKey()
                        + "' is longer than "
                        + OtlpAttributes.MAX_VALUE_LENGTH
                        + " characters";
            }
        }
        return null;
    }

    public static String check(String metric, NumberDataPoint p) {
        String common = checkCommon(metric, p.getTimeUnixNano(), p.getAttributesList());
        if (common != null) {
            return common;
        }
        switch (p.getValueCase()) {
            case AS_INT:
                return null;
            case AS_DOUBLE:
                return Double.isFinite(p.getAsDouble())
                        ? null
                        : metric + ": value " + p.getAsDouble() + " is not a finite number";
            default:
                return metric + ": number data point has no value";
        }
    }

    public static String check(String metric, HistogramDataPoint p) {
        String common = checkCommon(metric, p.getTimeUnixNano(), p.getAttributesList());
        if (common != null) {
            return common;
        }
        int buckets = p.getBucketCountsCount();
        int bounds = p.getExplicitBoundsCount();
        if (buckets != 0 && buckets != bounds + 1) {
            return metric
                    + ": histogram has "
                    + buckets
                    + " bucket counts for "
                    + bounds
                    + " explicit bounds (expected "
                    + (bounds + 1)
                    + ")";
        }
        for (int i = 0; i < bounds; i++) {
            double b = p.getExplicitBounds(i);
            if (!Double.isFinite(b) || (i > 0 && b <= p.getExplicitBounds(i - 1))) {
                return metric
                        + ": histogram explicit bounds must be finite and strictly increasing";
            }
        }
        if (buckets != 0) {
            long total = 0;
            for (int i = 0; i < buckets; i++) {
                total += p.getBucketCounts(i);
            }
            if (total != p.getCount()) {
                return metric
                        + ": histogram count "
                        + p.getCount()
                        + " differs from the sum of its bucket counts "
                        + total;
            }
        }
        if (p.hasSum() && !Double.isFinite(p.getSum())) {
            return metric + ": histogram sum is not a finite number";
        }
        return null;
    }

    public static String check(String metric, ExponentialHistogramDataPoint p) {
        String common = checkCommon(metric, p.getTimeUnixNano(), p.getAttributesList());
        if (common != null) {
            return common;
        }
        if (p.getScale() < MIN_SCALE || p.getScale() > MAX_SCALE) {
            return metric
                    + ": exponential histogram scale "
                    + p.getScale()
                    + " is outside ["
                    + MIN_SCALE
                    + ", "
                    + MAX_SCALE
                    + "]";
        }
        if (p.hasSum() && !Double.isFinite(p.getSum())) {
            return metric + ": histogram sum is not a finite number";
        }
        return null;
    }

    public static String check(String metric, SummaryDataPoint p) {
        String common = checkCommon(metric, p.getTimeUnixNano(), p.getAttributesList());
        if (common != null) {
            return common;
        }
        for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            if (q.getQuantile() < 0 || q.getQuantile() > 1) {
                return metric + ": summary quantile " + q.getQuantile() + " is outside [0, 1]";
            }
        }
        return null;
    }

    private static String checkCommon(String metric, long timeUnixNano, List<KeyValue> attributes) {
        if (timeUnixNano <= 0) {
            return metric + ": data point has no time_unix_nano";
        }
        return checkAttributes(attributes, metric, ": data point");
    }

    /**
     * In characters: proto3 parsing has already made a String (asking for its bytes would encode it
     * again and replace the cached String).
     */
    private static int valueLength(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return value.getStringValue().length();
            case ARRAY_VALUE:
            case KVLIST_VALUE:
            case BYTES_VALUE:
                return OtlpAttributes.asString(value).length();
            default:
                return 0;
        }
    }
}
