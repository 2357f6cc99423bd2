package io.aimonitor.pipeline.traces;

/**
 * An operation's typical duration, learned from its spans: the mean and variance of log duration
 * (durations are log-normal far more often than normal), exact over the first spans and then
 * exponentially weighted so that it follows a service that changes.
 */
public class OperationBaseline {
    static final int WARM_UP = 30;
    private static final double ALPHA = 2.0 / (200 + 1); // about the last 200 spans
    private static final double MIN_STDDEV = Math.log(1.1); // 10%: identical spans still vary

    public long count;
    public double mean;
    public double m2; // sum of squared deviations while warming up, then the variance

    /** How many standard deviations above the baseline a duration lies; 0 while warming up. */
    double deviation(long durationNanos) {
        if (count < WARM_UP) {
            return 0;
        }
        return (Math.log(Math.max(durationNanos, 1)) - mean) / stddev();
    }

    long typicalNanos() {
        return Math.round(Math.exp(mean));
    }

    /** Learns from a span; an outlier counts only as far as 3 standard deviations. */
    void learn(long durationNanos) {
        double x = Math.log(Math.max(durationNanos, 1));
        if (count >= WARM_UP) {
            x = Math.min(x, mean + 3 * stddev());
        }
        count++;
        double diff = x - mean;
        if (count <= WARM_UP) {
            mean += diff / count;
            m2 += diff * (x - mean);
            if (count == WARM_UP) {
                m2 /= count - 1; // from here on m2 holds the variance
            }
        } else {
            double increment = ALPHA * diff;
            mean += increment;
            m2 = (1 - ALPHA) * (m2 + diff * increment);
        }
    }

    private double stddev() {
        return Math.max(Math.sqrt(m2), MIN_STDDEV);
    }
}
