package io.aimonitor.pipeline.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.rules.AlertRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class CardinalityGuardTest {
    private static final AlertRule RULE =
            Rules.rule("r", Rules.threshold("cpu", 0.9, "\"max_series\":10"));

    @Test
    void aSubtaskHasRoomForSeriesThatDoNotHashEvenly() {
        CardinalityGuard guard = new CardinalityGuard(4, 0, "series");
        assertThat(guard.cap(RULE)).isBetween(3, 10).isGreaterThan(3);
        assertThat(new CardinalityGuard(1, 0, "series").cap(RULE)).isEqualTo(10);
    }

    @Test
    void aFiringMetaAlertSurvivesARestoreAndResolvesThere() {
        CardinalityGuard before = new CardinalityGuard(1, 0, "series");
        for (int i = 0; i < 10; i++) {
            assertThat(before.admit(RULE)).isTrue();
        }
        assertThat(before.admit(RULE)).isFalse();
        AlertEvent firing = before.overCap(RULE, 1);
        assertThat(firing.state()).isEqualTo(AlertState.FIRING);

        CardinalityGuard after = new CardinalityGuard(1, 0, "series");
        after.restore(before.snapshot());
        after.release("r");
        List<AlertEvent> resolved = after.underCap(RULE, 2);
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.get(0).fingerprint()).isEqualTo(firing.fingerprint());
    }

    @Test
    void eachSubtaskRaisesItsOwnMetaAlert() {
        CardinalityGuard a = new CardinalityGuard(2, 0, "series");
        CardinalityGuard b = new CardinalityGuard(2, 1, "series");
        assertThat(a.overCap(RULE, 1).fingerprint()).isNotEqualTo(b.overCap(RULE, 1).fingerprint());
    }
}
