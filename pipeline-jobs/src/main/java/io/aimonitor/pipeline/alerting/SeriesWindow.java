package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.metrics.MetricPoint;
import java.util.Arrays;

/**
 * The recent points of one series, oldest first, kept as long as the longest window of the rules
 * that watch it. A Flink POJO: parallel primitive arrays, no per-point objects.
 */
public class SeriesWindow {
    public long[] at = new long[4];

    /** Gauge or sum value; a histogram point's sum. */
    public double[] value = new double[4];

    /** A sum's delta; a histogram point's observation count. */
    public double[] delta = new double[4];

    /** Histogram bucket counts per point (null for scalars). */
    public long[][] buckets;

    public double[] bounds;
    public boolean histogram;
    public int size;

    /** Processing time of the last point. */
    public long lastArrival;

    public SeriesWindow() {}

    /**
     * Adds a point (in time order; a point older than the newest is placed where it belongs) and
     * forgets points older than {@code keepMs} before it.
     */
    public void add(MetricPoint p, long keepMs) {
        histogram = p.type.isHistogram();
        if (size == at.length) {
            grow();
        }
        int i = size;
        while (i > 0 && at[i - 1] > p.timestampMs) {
            i--;
        }
        if (i < size) {
            shiftRight(i);
        }
        at[i] = p.timestampMs;
        if (histogram) {
            value[i] = p.sum;
            delta[i] = p.count;
            if (buckets == null) {
                buckets = new long[at.length][];
            }
            buckets[i] = p.bucketCounts;
            bounds = p.bounds;
        } else {
            value[i] = p.value;
            delta[i] = p.delta;
        }
        size++;
        forgetBefore(at[size - 1] - keepMs);
    }

    public long newest() {
        return size == 0 ? Long.MIN_VALUE : at[size - 1];
    }

    /** The points in {@code (t - windowMs, t]} summarized. */
    public Partial partial(long t, long windowMs) {
        Partial p = new Partial();
        p.histogram = histogram;
        p.windowMs = windowMs;
        p.bounds = bounds;
        for (int i = 0; i < size; i++) {
            if (at[i] <= t - windowMs || at[i] > t) {
                continue;
            }
            if (p.points == 0) {
                p.first = value[i];
                p.firstAt = at[i];
            }
            p.points++;
            p.sum += value[i];
            p.min = Math.min(p.min, value[i]);
            p.max = Math.max(p.max, value[i]);
            p.last = value[i];
            p.lastAt = at[i];
            p.increase += delta[i];
            if (histogram && buckets[i] != null) {
                if (p.buckets == null) {
                    p.buckets = buckets[i].clone();
                } else if (p.buckets.length == buckets[i].length) {
                    for (int b = 0; b < p.buckets.length; b++) {
                        p.buckets[b] += buckets[i][b];
                    }
                }
            }
        }
        return p;
    }

    /** The values in the window, sorted (for quantiles of gauges). */
    public double[] sortedValues(long t, long windowMs) {
        double[] out = new double[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (at[i] > t - windowMs && at[i] <= t) {
                out[n++] = value[i];
            }
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    private void forgetBefore(long cutoff) {
        int drop = 0;
        while (drop < size - 1 && at[drop] <= cutoff) {
            drop++;
        }
        if (drop == 0) {
            return;
        }
        System.arraycopy(at, drop, at, 0, size - drop);
        System.arraycopy(value, drop, value, 0, size - drop);
        System.arraycopy(delta, drop, delta, 0, size - drop);
        if (buckets != null) {
            System.arraycopy(buckets, drop, buckets, 0, size - drop);
            Arrays.fill(buckets, size - drop, size, null);
        }
        size -= drop;
    }

    private void shiftRight(int from) {
        System.arraycopy(at, from, at, from + 1, size - from);
        System.arraycopy(value, from, value, from + 1, size - from);
        System.arraycopy(delta, from, delta, from + 1, size - from);
        if (buckets != null) {
            System.arraycopy(buckets, from, buckets, from + 1, size - from);
        }
    }

    private void grow() {
        int n = at.length * 2;
        at = Arrays.copyOf(at, n);
        value = Arrays.copyOf(value, n);
        delta = Arrays.copyOf(delta, n);
        if (buckets != null) {
            buckets = Arrays.copyOf(buckets, n);
        }
    }
}
