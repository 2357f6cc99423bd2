package io.aimonitor.pipeline.metrics;

/**
 * Bucket-wise difference of two cumulative histograms, matched by bound value so that exponential
 * histograms whose bucket range grew still line up. Returns null when any bucket shrank or a
 * populated bucket vanished - a reset.
 */
final class HistogramDelta {
    private HistogramDelta() {}

    static long[] of(double[] bounds, long[] counts, double[] prevBounds, long[] prevCounts) {
        long[] delta = new long[counts.length];
        int j = 0;
        for (int i = 0; i < counts.length; i++) {
            boolean isInf = i == bounds.length;
            double bound = isInf ? Double.POSITIVE_INFINITY : bounds[i];
            long previous = 0;
            while (j < prevCounts.length && upper(prevBounds, j) < bound) {
                if (prevCounts[j] != 0) {
                    return null; // a populated bucket disappeared
                }
                j++;
            }
            if (j < prevCounts.length && upper(prevBounds, j) == bound) {
                previous = prevCounts[j];
                j++;
            }
            delta[i] = counts[i] - previous;
            if (delta[i] < 0) {
                return null;
            }
        }
        for (; j < prevCounts.length; j++) {
            if (prevCounts[j] != 0) {
                return null;
            }
        }
        return delta;
    }

    private static double upper(double[] bounds, int i) {
        return i == bounds.length ? Double.POSITIVE_INFINITY : bounds[i];
    }
}
