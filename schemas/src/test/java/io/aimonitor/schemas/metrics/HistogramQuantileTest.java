package io.aimonitor.schemas.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramQuantileTest {

    @Test
    void interpolatesInsideTheBucketOfTheRank() {
        // 10 observations in (0,10], 10 in (10,20]
        double p50 =
                HistogramQuantile.estimate(
                        0.5, new double[] {10, 20}, new long[] {10, 10, 0}, Double.NaN, Double.NaN);
        double p75 =
                HistogramQuantile.estimate(
                        0.75,
                        new double[] {10, 20},
                        new long[] {10, 10, 0},
                        Double.NaN,
                        Double.NaN);
        assertThat(p50).isEqualTo(10);
        assertThat(p75).isCloseTo(15, within(1e-9));
    }

    @Test
    void usesKnownMinAndMaxAsOuterEdges() {
        double p99 =
                HistogramQuantile.estimate(0.99, new double[] {10}, new long[] {0, 100}, 12, 30);
        double p1 = HistogramQuantile.estimate(0.01, new double[] {10}, new long[] {100, 0}, 2, 30);
        assertThat(p99).isCloseTo(29.82, within(1e-9));
        assertThat(p1).isCloseTo(2.08, within(1e-9));
    }

    @Test
    void capsTheInfiniteBucketAtTheLastBoundWithoutAMax() {
        assertThat(
                        HistogramQuantile.estimate(
                                0.9, new double[] {5}, new long[] {1, 9}, Double.NaN, Double.NaN))
                .isEqualTo(5);
    }

    @Test
    void isNaNWithoutObservations() {
        assertThat(
                        HistogramQuantile.estimate(
                                0.5, new double[] {5}, new long[] {0, 0}, Double.NaN, Double.NaN))
                .isNaN();
    }
}
