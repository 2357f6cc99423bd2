package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.metrics.HistogramQuantile;
import io.aimonitor.schemas.rules.AggFunction;
import java.util.Arrays;

/**
 * What one series contributed over a rule's window: enough to compute any aggregation for the
 * series alone, and to combine several series into a group's value. A Flink POJO.
 */
public class Partial {
    public boolean histogram;
    public long points;

    /** Sum of the values (gauges, sums) or of the observations' sums (histograms). */
    public double sum;

    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public double first;
    public double last;
    public long firstAt;
    public long lastAt;

    /** Counter increase (sums) or number of observations (histograms) over the window. */
    public double increase;

    public long windowMs;
    public double[] bounds;
    public long[] buckets;

    public Partial() {}

    public boolean isEmpty() {
        return points == 0;
    }

    /** The mean level over the window. */
    double mean() {
        return histogram ? (increase == 0 ? Double.NaN : sum / increase) : sum / points;
    }

    /** Per second: counter increase or observations, or a gauge's change. */
    double rate() {
        if (histogram || increase != 0) {
            return increase * 1000.0 / windowMs;
        }
        return lastAt > firstAt ? (last - first) * 1000.0 / (lastAt - firstAt) : 0;
    }

    /** This series' value under {@code f} (quantiles of gauges come from {@code sortedValues}). */
    double value(AggFunction f, double[] sortedValues) {
        if (points == 0) {
            return Double.NaN;
        }
        return switch (f) {
            case LAST -> histogram ? mean() : last;
            case AVG -> mean();
            case MIN -> histogram ? mean() : min;
            case MAX -> histogram ? mean() : max;
            case SUM -> histogram ? sum : (increase != 0 ? increase : mean());
            case COUNT -> histogram ? increase : points;
            case RATE -> rate();
            case P50, P90, P95, P99 ->
                    histogram
                            ? HistogramQuantile.estimate(
                                    f.quantile(),
                                    bounds,
                                    buckets,
                                    Double.NEGATIVE_INFINITY,
                                    Double.POSITIVE_INFINITY)
                            : quantile(sortedValues, f.quantile());
        };
    }

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double rank = q * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    /**
     * A group's value from its series' partials: the mean of all points for avg, the extreme for
     * min and max, the total for count, rate and (counters, histograms) sum, the sum of the series'
     * mean levels for a gauge's sum, the mean of the last values for last; quantiles merge
     * histogram buckets, or for gauges take the quantile across the series' mean levels.
     */
    static double combine(AggFunction f, Iterable<Partial> partials) {
        double sum = 0;
        double increase = 0;
        double rates = 0;
        double levels = 0;
        double lasts = 0;
        long points = 0;
        int series = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean histogram = false;
        double[] bounds = null;
        long[] merged = null;
        double[] means = new double[8];
        for (Partial p : partials) {
            if (p.isEmpty()) {
                continue;
            }
            histogram |= p.histogram;
            sum += p.sum;
            increase += p.increase;
            rates += p.rate();
            double mean = p.mean();
            levels += p.histogram ? p.sum : (p.increase != 0 ? p.increase : mean);
            lasts += p.value(AggFunction.LAST, null);
            points += p.points;
            min = Math.min(min, p.value(AggFunction.MIN, null));
            max = Math.max(max, p.value(AggFunction.MAX, null));
            if (series == means.length) {
                means = Arrays.copyOf(means, series * 2);
            }
            means[series++] = mean;
            if (p.histogram && p.buckets != null) {
                if (merged == null) {
                    bounds = p.bounds;
                    merged = p.buckets.clone();
                } else if (Arrays.equals(bounds, p.bounds)) {
                    for (int i = 0; i < merged.length; i++) {
                        merged[i] += p.buckets[i];
                    }
                }
            }
        }
        if (series == 0) {
            return Double.NaN;
        }
        return switch (f) {
            case AVG -> histogram ? (increase == 0 ? Double.NaN : sum / increase) : sum / points;
            case MIN -> min;
            case MAX -> max;
            case SUM -> levels;
            case COUNT -> histogram ? increase : points;
            case RATE -> rates;
            case LAST -> lasts / series;
            case P50, P90, P95, P99 -> {
                if (merged != null) {
                    yield HistogramQuantile.estimate(
                            f.quantile(),
                            bounds,
                            merged,
                            Double.NEGATIVE_INFINITY,
                            Double.POSITIVE_INFINITY);
                }
                double[] sorted = Arrays.copyOf(means, series);
                Arrays.sort(sorted);
                yield quantile(sorted, f.quantile());
            }
        };
    }
}
