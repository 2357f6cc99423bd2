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
    void sumsMergedBucketsWhenTheScaleGetsCoarser() {
        // scale 1 (bounds 2^(k/2), as computed: 2.0000000000000004 for 2) to scale 0, each pair
        // of buckets merged: zero bucket, (1, 2], (2, 4] and +Inf
        double base = Math.pow(2, 0.5);
        assertThat(
                        HistogramDelta.of(
                                new double[] {0, 2, 4},
                                new long[] {0, 20, 21, 0},
                                new double[] {
                                    0, base, Math.pow(base, 2), Math.pow(base, 3), Math.pow(base, 4)
                                },
                                new long[] {0, 10, 10, 10, 10, 0}))
                .containsExactly(0, 0, 1, 0);
    }

    @Test
    void reportsAResetWhenBucketsGetFiner() {
        // a new bound (3) inside an earlier populated bucket (2, 4]: only a restart does that
        assertThat(
                        HistogramDelta.of(
                                new double[] {2, 3, 4},
                                new long[] {1, 1, 1, 0},
                                new double[] {2, 4},
                                new long[] {1, 3, 0}))
                .isNull();
    }
}
