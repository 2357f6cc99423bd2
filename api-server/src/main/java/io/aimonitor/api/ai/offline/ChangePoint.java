package io.aimonitor.api.ai.offline;

/**
 * The single most likely level shift in a series (binary segmentation): the split that maximises
 * the difference of the means on either side, in standard deviations of the part before it - so a
 * noisy series needs a bigger move to count.
 *
 * @param index first point after the shift
 * @param shift how many standard deviations the level moved (signed)
 * @param before mean before the shift
 * @param after mean after it
 */
public record ChangePoint(int index, double shift, double before, double after) {
    public static final int MIN_SEGMENT = 3;
    private static final double MIN_STDDEV_SHARE = 0.01; // flat series: 1 % of the level

    /** A flat series that moves at all moves "completely"; beyond this, more says nothing. */
    static final double MAX_SHIFT = 50;

    public static ChangePoint of(double[] v) {
        int n = v.length;
        if (n < 2 * MIN_SEGMENT) {
            return new ChangePoint(0, 0, 0, 0);
        }
        double[] prefix = new double[n + 1];
        double[] prefixSq = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + v[i];
            prefixSq[i + 1] = prefixSq[i] + v[i] * v[i];
        }
        ChangePoint best = new ChangePoint(0, 0, 0, 0);
        for (int k = MIN_SEGMENT; k <= n - MIN_SEGMENT; k++) {
            double before = prefix[k] / k;
            double after = (prefix[n] - prefix[k]) / (n - k);
            double varBefore = Math.max(0, prefixSq[k] / k - before * before);
            double varAfter = Math.max(0, (prefixSq[n] - prefixSq[k]) / (n - k) - after * after);
            double pooled = Math.sqrt((varBefore * k + varAfter * (n - k)) / n);
            // the floor follows the larger level, so 0 -> 1 is a big move, not a billion sigmas
            double level = Math.max(Math.abs(before), Math.abs(after));
            double sd = Math.max(pooled, level * MIN_STDDEV_SHARE + 1e-12);
            double shift = Math.max(-MAX_SHIFT, Math.min(MAX_SHIFT, (after - before) / sd));
            if (Math.abs(shift) > Math.abs(best.shift)) {
                best = new ChangePoint(k, shift, before, after);
            }
        }
        return best;
    }
}
