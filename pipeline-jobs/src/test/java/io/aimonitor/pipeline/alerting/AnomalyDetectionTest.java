package io.aimonitor.pipeline.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.schemas.rules.Condition;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dynamic baselines and the anomaly model on a synthetic seasonal series - a daily cycle, quieter
 * weekends, noise - with anomalies injected into its last week. Prints precision and recall and
 * asserts a floor.
 */
class AnomalyDetectionTest {
    private static final long STEP = Duration.ofMinutes(5).toMillis();
    private static final long START = 1_767_571_200_000L; // Monday 2026-01-05 00:00 UTC
    private static final int WEEK = (int) (Duration.ofDays(7).toMillis() / STEP);
    private static final int POINTS = 3 * WEEK;

    record Series(double[] values, Set<Integer> anomalies) {}

    static Series seasonalWithAnomalies(long seed) {
        Random random = new Random(seed);
        double[] v = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            double hours = i * STEP / 3_600_000.0;
            int day = (int) (hours / 24) % 7;
            v[i] =
                    100
                            + 30 * Math.sin(2 * Math.PI * (hours % 24) / 24)
                            - (day >= 5 ? 20 : 0)
                            + random.nextGaussian() * 3;
        }
        Set<Integer> anomalies = new HashSet<>();
        while (anomalies.size() < 40) {
            int i = 2 * WEEK + 20 + random.nextInt(WEEK - 40);
            if (anomalies.stream().noneMatch(a -> Math.abs(a - i) < 12)) {
                anomalies.add(i);
                v[i] += (random.nextBoolean() ? 1 : -1) * (25 + random.nextDouble() * 15);
            }
        }
        return new Series(v, anomalies);
    }

    /**
     * Precision and recall over the last week, counted in episodes as an operator sees alerts: a
     * run of consecutive detections is one episode; it is true if it starts at an anomaly or up to
     * 2 points after one.
     */
    static double[] score(Series s, boolean[] detected) {
        int truePositives = 0;
        int falsePositives = 0;
        Set<Integer> found = new HashSet<>();
        for (int i = 2 * WEEK; i < POINTS; i++) {
            if (!detected[i] || detected[i - 1]) {
                continue;
            }
            Integer hit = null;
            for (int lag = 0; lag <= 2; lag++) {
                if (s.anomalies().contains(i - lag)) {
                    hit = i - lag;
                }
            }
            if (hit == null) {
                falsePositives++;
            } else {
                truePositives++;
                found.add(hit);
            }
        }
        double precision =
                truePositives == 0 ? 0 : (double) truePositives / (truePositives + falsePositives);
        return new double[] {precision, (double) found.size() / s.anomalies().size()};
    }

    static boolean[] detect(Condition c, Series s, AnomalyScorer scorer) {
        ConditionEvaluator evaluator = new ConditionEvaluator(scorer);
        ConditionState state = new ConditionState();
        ConditionEvaluator.Outcome out = new ConditionEvaluator.Outcome();
        boolean[] detected = new boolean[POINTS];
        for (int i = 0; i < POINTS; i++) {
            evaluator.onValue(c, state, "rule", "series", START + i * STEP, s.values()[i], out);
            detected[i] = out.breach;
        }
        return detected;
    }

    @Test
    void hourOfWeekBaselineFindsInjectedAnomalies() {
        Series s = seasonalWithAnomalies(7);
        boolean[] detected =
                detect(
                        Rules.condition(
                                "{\"type\":\"baseline\",\"window\":\"14d\",\"k\":4,\"min_samples\":10,\"seasonality\":\"hour_of_week\"}"),
                        s,
                        AnomalyScorer.NONE);

        double[] pr = score(s, detected);
        System.out.printf(
                "baseline (hour of week, k=4): precision %.2f, recall %.2f%n", pr[0], pr[1]);
        assertThat(pr[0]).isGreaterThanOrEqualTo(0.8);
        assertThat(pr[1]).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void randomCutForestFindsInjectedAnomalies() {
        Series s = seasonalWithAnomalies(11);
        boolean[] detected =
                detect(
                        Rules.condition("{\"type\":\"anomaly\",\"threshold\":0.4}"),
                        s,
                        new RcfScorer(100, 1000));

        double[] pr = score(s, detected);
        System.out.printf(
                "random cut forest (score >= 0.4): precision %.2f, recall %.2f%n", pr[0], pr[1]);
        assertThat(pr[0]).isGreaterThanOrEqualTo(0.85);
        assertThat(pr[1]).isGreaterThanOrEqualTo(0.85);
    }
}
