package io.aimonitor.pipeline.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.schemas.rules.Condition;
import org.junit.jupiter.api.Test;

/** Each condition type on a value stream, with the state it keeps. */
class ConditionEvaluatorTest {
    private static final long S = 1000;
    private final ConditionEvaluator evaluator = new ConditionEvaluator(AnomalyScorer.NONE);
    private final ConditionState state = new ConditionState();
    private final ConditionEvaluator.Outcome out = new ConditionEvaluator.Outcome();

    private boolean at(Condition c, long t, double v) {
        evaluator.onValue(c, state, "rule", "series", t, v, out);
        return out.breach;
    }

    @Test
    void thresholdComparesTheValue() {
        Condition c = Rules.condition("{\"type\":\"threshold\",\"op\":\">=\",\"value\":5}");
        assertThat(at(c, 0, 4.99)).isFalse();
        assertThat(at(c, S, 5)).isTrue();
        assertThat(at(c, 2 * S, Double.NaN)).isFalse();
    }

    @Test
    void rateOfChangePerSecondLooksBackOneWindow() {
        Condition c =
                Rules.condition(
                        "{\"type\":\"rate_of_change\",\"mode\":\"per_second\",\"window\":\"1m\",\"op\":\">\",\"value\":1}");
        assertThat(at(c, 0, 0)).isFalse();
        assertThat(at(c, 30 * S, 20)).isFalse(); // nothing a minute old yet
        assertThat(at(c, 60 * S, 50)).isFalse(); // 50 in 60 s
        assertThat(at(c, 90 * S, 100)).isTrue(); // 80 in 60 s against the value at 30 s
    }

    @Test
    void absenceBreachesOnlyOnSilence() {
        Condition c =
                Rules.condition(
                        "{\"type\":\"any\",\"conditions\":[{\"type\":\"absent\",\"after\":\"5m\"},"
                                + "{\"type\":\"threshold\",\"op\":\">\",\"value\":100}]}");
        assertThat(at(c, 0, 50)).isFalse();
        assertThat(at(c, S, 150)).isTrue();
        assertThat(evaluator.onSilence(c, 4 * 60 * S)).isFalse();
        assertThat(evaluator.onSilence(c, 5 * 60 * S)).isTrue();
        assertThat(Evaluation.absentAfter(c)).isEqualTo(5 * 60 * S);
    }

    @Test
    void allNeedsEveryConditionAndStillUpdatesEveryBaseline() {
        Condition c =
                Rules.condition(
                        "{\"type\":\"all\",\"conditions\":[{\"type\":\"threshold\",\"op\":\">\",\"value\":1000},"
                                + "{\"type\":\"baseline\",\"window\":\"1h\",\"k\":3,\"min_samples\":10}]}");
        for (int i = 0; i < 30; i++) {
            assertThat(at(c, i * 10 * S, 100 + i % 3)).isFalse();
        }
        assertThat(state.baselines[0].count[0]).isEqualTo(30);
        assertThat(at(c, 300 * S, 500)).isFalse(); // outside the band, but not above 1000
        assertThat(out.upper).isBetween(101.0, 106.0);
        assertThat(at(c, 310 * S, 2000)).isTrue();
    }

    @Test
    void aBaselineLearnsTheBandAndFlagsWhatLiesOutside() {
        Condition c =
                Rules.condition(
                        "{\"type\":\"baseline\",\"window\":\"1h\",\"k\":3,\"min_samples\":10,\"direction\":\"above\"}");
        for (int i = 0; i < 10; i++) {
            assertThat(at(c, i * 10 * S, 100 + (i % 5))).isFalse(); // warming up
            assertThat(out.lower).isNaN();
        }
        for (int i = 10; i < 60; i++) {
            at(c, i * 10 * S, 100 + (i % 5));
        }
        assertThat(at(c, 600 * S, 60)).isFalse(); // below, but only "above" counts
        assertThat(at(c, 610 * S, 200)).isTrue();
    }

    @Test
    void aFlatSeriesHasABandOfAPercentOfItsLevel() {
        Condition c =
                Rules.condition(
                        "{\"type\":\"baseline\",\"window\":\"1h\",\"k\":3,\"min_samples\":10}");
        for (int i = 0; i < 30; i++) {
            at(c, i * 10 * S, 100);
        }
        assertThat(at(c, 300 * S, 100.5)).as("within 3 x 1 %").isFalse();
        assertThat(out.upper).isCloseTo(103, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(at(c, 310 * S, 104)).isTrue();
    }
}
