package io.aimonitor.pipeline.alerting;

import java.util.Arrays;

/**
 * What a rule's condition remembers about one value stream: recent values for rate-of-change
 * leaves, and statistics per baseline leaf (in the order the leaves appear in the condition). A
 * Flink POJO.
 */
public class ConditionState {
    public long[] historyAt = new long[0];
    public double[] historyValue = new double[0];
    public int historySize;
    public BaselineStats[] baselines = new BaselineStats[0];

    public ConditionState() {}

    /** Records {@code v} at {@code t}, keeping what {@code keepMs} back needs (one value older). */
    void remember(long t, double v, long keepMs) {
        if (keepMs <= 0) {
            return;
        }
        if (historySize == historyAt.length) {
            int n = Math.max(8, historyAt.length * 2);
            historyAt = Arrays.copyOf(historyAt, n);
            historyValue = Arrays.copyOf(historyValue, n);
        }
        historyAt[historySize] = t;
        historyValue[historySize] = v;
        historySize++;
        int drop = 0;
        while (drop + 1 < historySize && historyAt[drop + 1] <= t - keepMs) {
            drop++;
        }
        if (drop > 0) {
            System.arraycopy(historyAt, drop, historyAt, 0, historySize - drop);
            System.arraycopy(historyValue, drop, historyValue, 0, historySize - drop);
            historySize -= drop;
        }
    }

    /** The newest value at or before {@code t}, or NaN. */
    double valueAtOrBefore(long t) {
        for (int i = historySize - 1; i >= 0; i--) {
            if (historyAt[i] <= t) {
                return historyValue[i];
            }
        }
        return Double.NaN;
    }

    long timeAtOrBefore(long t) {
        for (int i = historySize - 1; i >= 0; i--) {
            if (historyAt[i] <= t) {
                return historyAt[i];
            }
        }
        return Long.MIN_VALUE;
    }

    BaselineStats baseline(int index, boolean seasonal) {
        if (index >= baselines.length) {
            baselines = Arrays.copyOf(baselines, index + 1);
        }
        if (baselines[index] == null) {
            baselines[index] = BaselineStats.create(seasonal);
        }
        return baselines[index];
    }
}
