package io.aimonitor.pipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HistogramDeltaTest {

    @Test
    void subtractsBucketsWithTheSameBounds() {
        assertThat(
                        HistogramDelta.of(
                                new double[] {1, 2},
                                new long[] {3, 4, 5},
                                new double[] {1, 2},
                                new long[] {1, 1, 1}))
                .containsExactly(2, 3, 4);
    }

    @Test
    void matchesBucketsByBoundWhenTheRangeGrew() {
        // an exponential histogram gained a bucket below and above the previous range
        assertThat(
                        HistogramDelta.of(
                                new double[] {1, 2, 4, 8}, new long[] {1, 5, 5, 2, 0},
                                new double[] {2, 4}, new long[] {3, 4, 0}))
                .containsExactly(1, 2, 1, 2, 0);
    }

    @Test
    void reportsAResetWhenABucketShrinks() {
        assertThat(
                        HistogramDelta.of(
                                new double[] {1},
                                new long[] {0, 1},
                                new double[] {1},
                                new long[] {2, 1}))
                .isNull();
    }

    @Test
    void reportsAResetWhenAPopulatedBucketVanishes() {
        assertThat(
                        HistogramDelta.of(
                                new double[] {4},
                                new long[] {5, 0},
                                new double[] {2, 4},
                                new long[] {1, 3, 0}))
                .isNull();
    }
}
