package io.aimonitor.schemas.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DurationSketchTest {
    @Test
    void quantilesAreWithinOnePercentOfTheExactOnes() {
        Random random = new Random(7);
        long[] values = new long[20_000];
        DurationSketch sketch = new DurationSketch();
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(10 + 4 * random.nextGaussian()); // ns to seconds
            sketch.add(values[i]);
        }
        Arrays.sort(values);
        for (double q : new double[] {0, 0.5, 0.9, 0.95, 0.99, 1}) {
            double exact = values[(int) Math.floor(q * (values.length - 1))];
            assertThat(sketch.quantile(q)).as("q%s", q).isCloseTo(exact, within(exact * 0.01 + 1));
        }
    }

    @Test
    void mergingEqualsAddingEverythingToOne() {
        DurationSketch a = new DurationSketch();
        DurationSketch b = new DurationSketch();
        DurationSketch all = new DurationSketch();
        for (long v = 1; v < 5_000_000_000L; v = v * 3 + 1) {
            (v % 2 == 0 ? a : b).add(v);
            all.add(v);
        }
        a.merge(b);
        assertThat(a.bucketIndexes()).containsExactly(all.bucketIndexes());
        assertThat(a.bucketCounts()).containsExactly(all.bucketCounts());
        assertThat(a.count()).isEqualTo(all.count());
    }

    @Test
    void roundTripsThroughStoredBuckets() {
        DurationSketch sketch = new DurationSketch();
        for (long v : new long[] {0, 1, 1_000, 1_000, 250_000_000, 9_000_000_000L}) {
            sketch.add(v);
        }
        Map<Integer, Long> stored = new HashMap<>();
        long[] indexes = sketch.bucketIndexes();
        for (int i = 0; i < indexes.length; i++) {
            stored.put((int) indexes[i], sketch.bucketCounts()[i]);
        }
        DurationSketch back = DurationSketch.fromBuckets(stored);
        assertThat(back.count()).isEqualTo(6);
        assertThat(back.quantile(0.5)).isEqualTo(sketch.quantile(0.5));
        assertThat(back.quantile(1)).isCloseTo(9e9, within(9e7));
        assertThat(new DurationSketch().quantile(0.99)).isZero();
    }
}
