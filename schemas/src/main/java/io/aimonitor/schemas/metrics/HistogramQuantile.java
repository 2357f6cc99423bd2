package io.aimonitor.schemas.metrics;

/**
 * A quantile estimated from bucket counts, interpolating linearly inside the bucket the rank falls
 * in (as Prometheus' histogram_quantile does), with the observed min and max as the outer edges
 * when they are known.
 */
public final class HistogramQuantile {
    private HistogramQuantile() {}

    /**
     * @param bounds finite upper bounds, ascending
     * @param counts one count per bound plus the +Inf bucket last
     */
    public static double estimate(
            double q, double[] bounds, long[] counts, double min, double max) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long below = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0 || below + counts[i] < rank) {
                below += counts[i];
                continue;
            }
            double lower = i == 0 ? firstLower(bounds, min) : bounds[i - 1];
            double upper = i < bounds.length ? bounds[i] : lastUpper(bounds, max);
            if (Double.isFinite(min)) {
                lower = Math.max(lower, min);
            }
            if (Double.isFinite(max)) {
                upper = Math.min(upper, max);
            }
            if (upper <= lower) {
                return upper;
            }
            return lower + (upper - lower) * (rank - below) / counts[i];
        }
        return bounds.length == 0 ? max : bounds[bounds.length - 1];
    }

    private static double firstLower(double[] bounds, double min) {
        if (Double.isFinite(min)) {
            return min;
        }
        return bounds.length == 0 || bounds[0] > 0 ? 0 : bounds[0];
    }

    private static double lastUpper(double[] bounds, double max) {
        if (Double.isFinite(max)) {
            return max;
        }
        return bounds.length == 0 ? Double.NaN : bounds[bounds.length - 1];
    }
}
