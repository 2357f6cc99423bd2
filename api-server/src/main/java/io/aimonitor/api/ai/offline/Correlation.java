package io.aimonitor.api.ai.offline;

/** Pearson correlation of two series over their common length (0 when either is flat). */
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
}
