package io.aimonitor.api.ai.offline;

/** Pearson correlation of two series (0 when either is flat or they share too few points). */
final class Correlation {
    private Correlation() {}

    static double pearson(double[] a, double[] b) {
        int n = Math.min(a.length, b.length);
        if (n < 3) {
            return 0;
        }
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[a.length - n + i];
            mb += b[b.length - n + i];
        }
        ma /= n;
        mb /= n;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[a.length - n + i] - ma;
            double db = b[b.length - n + i] - mb;
            cov += da * db;
            va += da * da;
            vb += db * db;
        }
        return va == 0 || vb == 0 ? 0 : cov / Math.sqrt(va * vb);
    }

    /** Correlation over the points the two series have at the same times. */
    static double pearson(long[] timesA, double[] a, long[] timesB, double[] b) {
        java.util.Map<Long, Double> byTime = new java.util.HashMap<>();
        for (int i = 0; i < timesB.length; i++) {
            byTime.put(timesB[i], b[i]);
        }
        double[] pa = new double[a.length];
        double[] pb = new double[a.length];
        int n = 0;
        for (int i = 0; i < timesA.length; i++) {
            Double other = byTime.get(timesA[i]);
            if (other != null) {
                pa[n] = a[i];
                pb[n] = other;
                n++;
            }
        }
        return pearson(java.util.Arrays.copyOf(pa, n), java.util.Arrays.copyOf(pb, n));
    }
}
