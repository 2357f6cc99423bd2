package io.aimonitor.pipeline.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnomalyScorerTest {
    @Test
    void aRuleDoesNotOwnItsSecondStepsModels() {
        String first = AnomalyScorer.model("r1", 0, "42");
        String second = AnomalyScorer.model("r1" + RuleBook.SECOND_STEP, 0, "42");
        assertThat(AnomalyScorer.isModelOf(first, "r1")).isTrue();
        assertThat(AnomalyScorer.isModelOf(second, "r1")).isFalse();
        assertThat(AnomalyScorer.isModelOf(second, "r1" + RuleBook.SECOND_STEP)).isTrue();
        assertThat(AnomalyScorer.isModelOf(AnomalyScorer.model("r10", 0, "42"), "r1")).isFalse();
    }
}
