package io.aimonitor.schemas.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertLifecycleTest {
    private final AlertLifecycle.Instance i = new AlertLifecycle.Instance();

    private AlertState at(long t, boolean breach) {
        return AlertLifecycle.evaluate(i, t, breach, !breach, 60_000, 0);
    }

    @Test
    void firesOnlyAfterTheForDurationElapses() {
        assertThat(at(0, true)).isEqualTo(AlertState.PENDING);
        assertThat(at(30_000, true)).isEqualTo(AlertState.PENDING);
        assertThat(at(60_000, true)).isEqualTo(AlertState.FIRING);
        assertThat(i.firingSince).isEqualTo(60_000);
    }

    @Test
    void aBreachThatStopsWhilePendingNeverFires() {
        at(0, true);
        assertThat(at(30_000, false)).isEqualTo(AlertState.INACTIVE);
        assertThat(at(60_000, true)).isEqualTo(AlertState.PENDING);
    }

    @Test
    void resolvesWhenTheBreachEnds() {
        at(0, true);
        at(60_000, true);
        assertThat(at(70_000, false)).isEqualTo(AlertState.RESOLVED);
        assertThat(at(80_000, true)).isEqualTo(AlertState.PENDING);
    }

    @Test
    void keepsFiringForTheConfiguredTimeAfterTheLastBreach() {
        AlertLifecycle.evaluate(i, 0, true, false, 0, 120_000);
        assertThat(i.state).isEqualTo(AlertState.FIRING);
        assertThat(AlertLifecycle.evaluate(i, 60_000, false, true, 0, 120_000))
                .isEqualTo(AlertState.FIRING);
        assertThat(AlertLifecycle.evaluate(i, 120_000, false, true, 0, 120_000))
                .isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void hysteresisHoldsFiringUntilTheRecoveryConditionHolds() {
        // fires above 90; recovers only below 80: 85 is no longer a breach but not a recovery
        AlertLifecycle.evaluate(i, 0, true, false, 0, 0);
        assertThat(AlertLifecycle.evaluate(i, 10_000, false, false, 0, 0))
                .isEqualTo(AlertState.FIRING);
        assertThat(AlertLifecycle.evaluate(i, 20_000, false, true, 0, 0))
                .isEqualTo(AlertState.RESOLVED);
    }
}
