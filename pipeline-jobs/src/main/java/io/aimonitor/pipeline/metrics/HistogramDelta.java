package io.aimonitor.pipeline.metrics;

/**
 * Bucket-wise difference of two cumulative histograms, matched by bound value: an exponential
 * histogram whose bucket range grew still lines up, and one that moved to a coarser scale (two
 * buckets merged into one) has the merged buckets' earlier counts summed. Returns null - a reset -
 * when a bucket shrank or a populated earlier bucket straddles a new bound (the buckets got finer,
 * which only a restarted histogram does).
 */
final class HistogramDelta {
    /** Bounds computed at different scales differ in the last bits (2.0000000000000004 vs 2). */
    private static final double BOUND_TOLERANCE = 1e-9;

    private HistogramDelta() {}

    static long[] of(double[] bounds, long[] counts, double[] prevBounds, long[] prevCounts) {
        long[] delta = new long[counts.length];
        int j = 0;
        for (int i = 0; i < counts.length; i++) {
            double bound = upper(bounds, i);
            long previous = 0;
            while (j < prevCounts.length && atMost(upper(prevBounds, j), bound)) {
                previous += prevCounts[j];
                j++;
            }
            // the next earlier bucket must begin at this bound (the first one's start is unknown:
            // a range that grew downwards starts below it)
            if (j > 0
                    && j < prevCounts.length
                    && prevCounts[j] != 0
                    && i < bounds.length
                    && !atMost(bound, upper(prevBounds, j - 1))) {
                return null;
            }
            delta[i] = counts[i] - previous;
            if (delta[i] < 0) {
                return null;
            }
        }
        return delta;
    }

    private static boolean atMost(double a, double b) {
        return a <= b
                || (!Double.isInfinite(a)
                        && a - b <= BOUND_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)));
    }

    private static double upper(double[] bounds, int i) {
        return i == bounds.length ? Double.POSITIVE_INFINITY : bounds[i];
    }
}
