package io.aimonitor.schemas.metrics;

import java.util.Arrays;

/**
 * One data point of one series, as decoded once from OTLP. A Flink POJO (public fields, no-arg
 * constructor) so it is serialized without Kryo.
 *
 * <p>Scalar points (gauges, sums) use {@link #value}; {@link #delta} and {@link #rate} hold the
 * increase since the previous point of the series and its per-second rate once known (they are
 * filled in by the cumulative-to-delta step for cumulative sums). Histogram points use the
 * histogram fields; their counts are deltas once the point has been through that step.
 */
public class MetricPoint {
    /** Unknown minimum or maximum of a histogram interval; ignored by min()/max() rollups. */
    public static final double UNKNOWN_MIN = Double.POSITIVE_INFINITY;

    public static final double UNKNOWN_MAX = Double.NEGATIVE_INFINITY;

    public String metric;
    public MetricType type;
    public String unit;

    /** Set on the first point of a metric in a request only, to keep records small. */
    public String description;

    /** Flattened label pairs, sorted by key: key0, value0, key1, value1... */
    public String[] labels;

    public long seriesId;
    public long timestampMs;

    /** Start of the accumulation interval; 0 when unknown. */
    public long startTimeMs;

    public boolean monotonic;

    /** Cumulative temporality: the value accumulates from {@link #startTimeMs}. */
    public boolean cumulative;

    public double value;
    public double delta;
    public double rate = Double.NaN;

    public long count;
    public double sum;
    public double min = UNKNOWN_MIN;
    public double max = UNKNOWN_MAX;

    /** Explicit upper bounds; the last bucket (+Inf) is implied. */
    public double[] bounds;

    /** One more entry than {@link #bounds}. */
    public long[] bucketCounts;

    public MetricPoint() {}

    /** Whether the point needs per-series state before it can be stored. */
    public boolean needsDelta() {
        return cumulative && (type == MetricType.SUM || type.isHistogram());
    }

    public String label(String key) {
        for (int i = 0; i < labels.length; i += 2) {
            if (labels[i].equals(key)) {
                return labels[i + 1];
            }
        }
        return null;
    }

    public MetricPoint copy() {
        MetricPoint c = new MetricPoint();
        c.metric = metric;
        c.type = type;
        c.unit = unit;
        c.description = description;
        c.labels = labels;
        c.seriesId = seriesId;
        c.timestampMs = timestampMs;
        c.startTimeMs = startTimeMs;
        c.monotonic = monotonic;
        c.cumulative = cumulative;
        c.value = value;
        c.delta = delta;
        c.rate = rate;
        c.count = count;
        c.sum = sum;
        c.min = min;
        c.max = max;
        c.bounds = bounds;
        c.bucketCounts = bucketCounts == null ? null : bucketCounts.clone();
        return c;
    }

    @Override
    public String toString() {
        return metric
                + Arrays.toString(labels)
                + "@"
                + timestampMs
                + (type.isHistogram()
                        ? " count="
                                + count
                                + " sum="
                                + sum
                                + " buckets="
                                + Arrays.toString(bucketCounts)
                        : " value=" + value + " delta=" + delta + " rate=" + rate);
    }
}
