package io.aimonitor.pipeline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongLongMapTest {

    @Test
    void behavesLikeAHashMapThroughGrowth() {
        LongLongMap map = new LongLongMap(16, 1_000_000);
        Map<Long, Long> reference = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            long key = random.nextLong(20_000) - 10_000; // includes 0 and negatives
            long value = random.nextLong();
            map.put(key, value);
            reference.put(key, value);
        }
        assertThat(map.size()).isEqualTo(reference.size());
        reference.forEach((k, v) -> assertThat(map.get(k, -1)).isEqualTo(v));
        assertThat(map.get(123_456_789L, -1)).isEqualTo(-1);
    }

    @Test
    void clearsInsteadOfGrowingPastItsLimit() {
        LongLongMap map = new LongLongMap(16, 100);
        for (long k = 1; k <= 1_000; k++) {
            map.put(k, k);
        }
        assertThat(map.size()).isLessThanOrEqualTo(200);
        assertThat(map.get(1_000, -1)).isEqualTo(1_000);
    }
}
