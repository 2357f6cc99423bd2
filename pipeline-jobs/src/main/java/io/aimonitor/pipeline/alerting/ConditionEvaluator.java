package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.rules.Condition;

/**
 * Evaluates a rule condition on one value stream (a series, or a group's combined value), updating
 * the stream's {@link ConditionState}. Every leaf is evaluated every time - no short-circuit - so
 * that learned statistics see every value. Absence is judged from how long the stream has been
 * silent; value leaves never breach while it is silent.
 */
final class ConditionEvaluator {
    /** The outcome of one evaluation, with the first baseline's band and anomaly score. */
    static final class Outcome {
        boolean breach;
        double lower = Double.NaN;
        double upper = Double.NaN;
        double score = Double.NaN;

        void reset() {
            breach = false;
            lower = Double.NaN;
            upper = Double.NaN;
            score = Double.NaN;
        }
    }

    private final AnomalyScorer scorer;
    private final double[] band = new double[2];
    private int baselineLeaf;
    private int anomalyLeaf;
    private String instanceKey;
    private String owner;

    ConditionEvaluator(AnomalyScorer scorer) {
        this.scorer = scorer;
    }

    /**
     * A new value {@code v} at {@code t} of the stream of {@code instanceKey} (a rule, or a rule's
     * second step) for {@code owner} (a series or group).
     */
    void onValue(
            Condition c,
            ConditionState s,
            String instanceKey,
            String owner,
            long t,
            double v,
            Outcome out) {
        out.reset();
        baselineLeaf = 0;
        anomalyLeaf = 0;
        this.instanceKey = instanceKey;
        this.owner = owner;
        s.remember(t, v, historyNeeded(c));
        out.breach = leaf(c, s, t, v, out);
    }

    /** The stream has been silent for {@code silentMs}: only absence can breach. */
    boolean onSilence(Condition c, long silentMs) {
        if (c instanceof Condition.Absent a) {
            return silentMs >= a.after().toMillis();
        }
        if (c instanceof Condition.All all) {
            return all.conditions().stream().allMatch(x -> onSilence(x, silentMs));
        }
        if (c instanceof Condition.Any any) {
            return any.conditions().stream().anyMatch(x -> onSilence(x, silentMs));
        }
        return false;
    }

    private boolean leaf(Condition c, ConditionState s, long t, double v, Outcome out) {
        if (c instanceof Condition.Threshold th) {
            return !Double.isNaN(v) && th.op().test(v, th.value());
        }
        if (c instanceof Condition.Absent) {
            return false;
        }
        if (c instanceof Condition.RateOfChange r) {
            return rateOfChange(r, s, t, v);
        }
        if (c instanceof Condition.Baseline b) {
            BaselineStats stats =
                    s.baseline(
                            baselineLeaf++,
                            b.seasonalityOrDefault()
                                    == Condition.Baseline.Seasonality.HOUR_OF_WEEK);
            if (Double.isNaN(v)) {
                return false;
            }
            stats.band(t, b.k(), b.minSamplesOrDefault(), band);
            stats.learn(t, v, b.window().toMillis());
            if (Double.isNaN(out.lower)) {
                out.lower = band[0];
                out.upper = band[1];
            }
            if (Double.isNaN(band[0])) {
                return false;
            }
            return switch (b.directionOrDefault()) {
                case ABOVE -> v > band[1];
                case BELOW -> v < band[0];
                case BOTH -> v > band[1] || v < band[0];
            };
        }
        if (c instanceof Condition.Anomaly a) {
            if (Double.isNaN(v)) {
                return false;
            }
            double score =
                    scorer.scoreAndLearn(
                            AnomalyScorer.model(instanceKey, anomalyLeaf++, owner), t, v);
            if (Double.isNaN(out.score)) {
                out.score = score;
            }
            return !Double.isNaN(score) && score >= a.threshold();
        }
        if (c instanceof Condition.All all) {
            boolean result = true;
            for (Condition x : all.conditions()) {
                result &= leaf(x, s, t, v, out);
            }
            return result;
        }
        if (c instanceof Condition.Any any) {
            boolean result = false;
            for (Condition x : any.conditions()) {
                result |= leaf(x, s, t, v, out);
            }
            return result;
        }
        throw new IllegalArgumentException("unknown condition " + c);
    }

    private static boolean rateOfChange(
            Condition.RateOfChange r, ConditionState s, long t, double v) {
        long from = t - r.window().toMillis();
        double before = s.valueAtOrBefore(from);
        long beforeAt = s.timeAtOrBefore(from);
        if (Double.isNaN(v) || Double.isNaN(before)) {
            return false;
        }
        double change =
                r.mode() == Condition.RateOfChange.Mode.PER_SECOND
                        ? (v - before) * 1000.0 / (t - beforeAt)
                        : before == 0 ? Double.NaN : 100.0 * (v - before) / Math.abs(before);
        return !Double.isNaN(change) && r.op().test(change, r.value());
    }

    /** How far back rate-of-change leaves look. */
    static long historyNeeded(Condition c) {
        if (c instanceof Condition.RateOfChange r) {
            return r.window().toMillis();
        }
        long max = 0;
        if (c instanceof Condition.All all) {
            for (Condition x : all.conditions()) {
                max = Math.max(max, historyNeeded(x));
            }
        }
        if (c instanceof Condition.Any any) {
            for (Condition x : any.conditions()) {
                max = Math.max(max, historyNeeded(x));
            }
        }
        return max;
    }
}
