package io.aimonitor.schemas.otlp;

import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;

/**
 * Converts an exponential histogram to explicit upper bounds, so both histogram kinds share one
 * storage layout and one quantile estimate. Bucket k of scale s covers (base^k, base^(k+1)] with
 * base = 2^(2^-s); negative buckets mirror that, and the zero bucket becomes the bucket ending at
 * the zero threshold.
 */
final class ExponentialBuckets {
    final double[] bounds;
    final long[] counts;

    private ExponentialBuckets(double[] bounds, long[] counts) {
        this.bounds = bounds;
        this.counts = counts;
    }

    static ExponentialBuckets of(ExponentialHistogramDataPoint p) {
        double base = Math.pow(2, Math.pow(2, -p.getScale()));
        ExponentialHistogramDataPoint.Buckets neg = p.getNegative();
        ExponentialHistogramDataPoint.Buckets pos = p.getPositive();
        int nNeg = neg.getBucketCountsCount();
        int nPos = pos.getBucketCountsCount();
        boolean hasBuckets = nNeg + nPos > 0 || p.getZeroCount() > 0;
        if (!hasBuckets) {
            return new ExponentialBuckets(new double[0], new long[] {p.getCount()});
        }
        // negative buckets (most negative first), the zero bucket, positive buckets, then +Inf
        double[] bounds = new double[nNeg + 1 + nPos];
        long[] counts = new long[bounds.length + 1];
        int i = 0;
        for (int j = nNeg - 1; j >= 0; j--, i++) {
            bounds[i] = -Math.pow(base, neg.getOffset() + j);
            counts[i] = neg.getBucketCounts(j);
        }
        double zeroBound = Math.max(p.getZeroThreshold(), 0);
        bounds[i] = zeroBound;
        counts[i] = p.getZeroCount();
        i++;
        for (int j = 0; j < nPos; j++, i++) {
            bounds[i] = Math.pow(base, pos.getOffset() + j + 1);
            counts[i] = pos.getBucketCounts(j);
        }
        return mergeUnordered(bounds, counts);
    }

    /** A zero threshold wider than the first positive bucket leaves bounds out of order: merge. */
    private static ExponentialBuckets mergeUnordered(double[] bounds, long[] counts) {
        int out = 0;
        double[] b = new double[bounds.length];
        long[] c = new long[counts.length];
        for (int i = 0; i < bounds.length; i++) {
            if (out > 0 && bounds[i] <= b[out - 1]) {
                c[out - 1] += counts[i];
            } else {
                b[out] = bounds[i];
                c[out] = counts[i];
                out++;
            }
        }
        c[out] = counts[counts.length - 1];
        if (out == bounds.length) {
            return new ExponentialBuckets(b, c);
        }
        double[] bt = new double[out];
        long[] ct = new long[out + 1];
        System.arraycopy(b, 0, bt, 0, out);
        System.arraycopy(c, 0, ct, 0, out + 1);
        return new ExponentialBuckets(bt, ct);
    }
}
