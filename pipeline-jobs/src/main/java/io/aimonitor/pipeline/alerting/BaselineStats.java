package io.aimonitor.pipeline.alerting;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Bounded online statistics of one value stream for a dynamic threshold: an exponentially weighted
 * mean and variance whose memory is the baseline's window, kept once or per hour of the week. The
 * weight of a new value is 1/n while warming up (the plain mean) and then 1/N, N being the number
 * of values the window holds at the observed reporting interval. A Flink POJO.
 */
public class BaselineStats {
    static final int HOURS_PER_WEEK = 168;
    static final double MIN_SIGMA_SHARE = 0.01;

    public double[] mean;
    public double[] variance;
    public long[] count;

    /** Exponentially weighted interval between values, ms. */
    public double intervalMs;

    public long lastAt;

    public BaselineStats() {}

    static BaselineStats create(boolean seasonal) {
        BaselineStats s = new BaselineStats();
        int buckets = seasonal ? HOURS_PER_WEEK : 1;
        s.mean = new double[buckets];
        s.variance = new double[buckets];
        s.count = new long[buckets];
        return s;
    }

    int bucket(long t) {
        if (mean.length == 1) {
            return 0;
        }
        ZonedDateTime z = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC);
        return (z.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + z.getHour();
    }

    /** The band before {@code v} is learned: {lower, upper}, or NaNs while warming up. */
    void band(long t, double k, int minSamples, double[] out) {
        int b = bucket(t);
        if (count[b] < minSamples) {
            out[0] = Double.NaN;
            out[1] = Double.NaN;
            return;
        }
        // a flat series gets a band of 1 % of its level, not zero width: 100.0001 is not news
        double sigma =
                Math.max(Math.sqrt(Math.max(0, variance[b])), MIN_SIGMA_SHARE * Math.abs(mean[b]));
        out[0] = mean[b] - k * sigma;
        out[1] = mean[b] + k * sigma;
    }

    void learn(long t, double v, long windowMs) {
        if (lastAt != 0 && t > lastAt) {
            double dt = t - lastAt;
            intervalMs = intervalMs == 0 ? dt : intervalMs + 0.05 * (dt - intervalMs);
        }
        lastAt = Math.max(lastAt, t);
        int b = bucket(t);
        double perBucketWindow = (double) windowMs / mean.length;
        double samplesInWindow = intervalMs > 0 ? Math.max(2, perBucketWindow / intervalMs) : 2;
        count[b]++;
        double alpha = Math.max(1.0 / count[b], 1.0 / samplesInWindow);
        double diff = v - mean[b];
        double increment = alpha * diff;
        mean[b] += increment;
        variance[b] = (1 - alpha) * (variance[b] + diff * increment);
    }
}
