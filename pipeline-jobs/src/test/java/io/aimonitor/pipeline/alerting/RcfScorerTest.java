package io.aimonitor.pipeline.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RcfScorerTest {
    @Test
    void moreStreamsThanLiveModelsStillWarmUp() {
        Map<String, byte[]> stored = new HashMap<>();
        RcfScorer scorer = new RcfScorer(3, 50);
        scorer.useStore(
                new RcfScorer.ModelStore() {
                    @Override
                    public byte[] load(String model) {
                        return stored.get(model);
                    }

                    @Override
                    public void save(String model, byte[] bytes) {
                        stored.put(model, bytes);
                    }
                });
        double[] last = new double[4];
        // four streams in turn through a cache of three: every access is a miss
        for (int round = 0; round < RcfScorer.WARM_UP + 5; round++) {
            for (int m = 0; m < 4; m++) {
                last[m] = scorer.scoreAndLearn("r#0@" + m, round * 10_000L, 100 + round % 7);
            }
        }
        assertThat(last).as("every stream scored once warm").doesNotContain(Double.NaN);
    }

    @Test
    void streamsThatFitTheCacheAreSavedOnlyNowAndThen() {
        int[] saves = {0};
        RcfScorer scorer = new RcfScorer(3, 50);
        scorer.useStore(
                new RcfScorer.ModelStore() {
                    @Override
                    public byte[] load(String model) {
                        return null;
                    }

                    @Override
                    public void save(String model, byte[] bytes) {
                        saves[0]++;
                    }
                });
        for (int round = 0; round < 40; round++) {
            for (int m = 0; m < 3; m++) {
                scorer.scoreAndLearn("r#0@" + m, round * 10_000L, 100 + round % 7);
            }
        }
        assertThat(saves[0]).as("no eviction, so no save before 50 updates").isZero();
    }
}
