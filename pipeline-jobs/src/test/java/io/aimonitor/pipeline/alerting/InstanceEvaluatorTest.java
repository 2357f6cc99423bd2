package io.aimonitor.pipeline.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.rules.AlertRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every transition of an alert instance, driven by evaluations at known times. */
class InstanceEvaluatorTest {
    private static final long S = 1000;

    private final List<AlertEvent> events = new ArrayList<>();

    private RuleInstance instance() {
        return RuleInstance.create("fp", 1, new String[] {"host", "web-1"});
    }

    private void step(AlertRule rule, RuleInstance i, long t, double value) {
        boolean breach =
                rule.condition() instanceof io.aimonitor.schemas.rules.Condition.Threshold th
                        && th.op().test(value, th.value());
        AlertEvent e = InstanceEvaluator.evaluate(rule, i, t, breach, value);
        if (e != null) {
            events.add(e);
        }
    }

    private List<AlertState> states() {
        return events.stream().map(AlertEvent::state).toList();
    }

    @Test
    void firesOnlyAfterTheConditionHeldForItsForDuration() {
        AlertRule rule = Rules.rule("r", Rules.threshold("cpu", 0.9, "\"for\":\"30s\""));
        RuleInstance i = instance();

        step(rule, i, 0, 0.95);
        step(rule, i, 10 * S, 0.97);
        step(rule, i, 29 * S, 0.96);
        assertThat(states()).containsExactly(AlertState.PENDING);

        step(rule, i, 30 * S, 0.99);
        assertThat(states()).containsExactly(AlertState.PENDING, AlertState.FIRING);
        AlertEvent firing = events.get(1);
        assertThat(firing.startsAt()).isEqualTo(30 * S);
        assertThat(firing.previousState()).isEqualTo(AlertState.PENDING);
        assertThat(firing.value()).isEqualTo(0.99);
        assertThat(firing.labels()).containsEntry("host", "web-1");
    }

    @Test
    void aBreachShorterThanForIsCancelled() {
        AlertRule rule = Rules.rule("r", Rules.threshold("cpu", 0.9, "\"for\":\"30s\""));
        RuleInstance i = instance();

        step(rule, i, 0, 0.95);
        step(rule, i, 10 * S, 0.5);
        step(rule, i, 20 * S, 0.95);

        assertThat(states())
                .containsExactly(AlertState.PENDING, AlertState.INACTIVE, AlertState.PENDING);
        assertThat(events.get(2).startsAt()).isEqualTo(20 * S);
    }

    @Test
    void resolvesOnlyAfterKeepFiringFor() {
        AlertRule rule = Rules.rule("r", Rules.threshold("cpu", 0.9, "\"keep_firing_for\":\"1m\""));
        RuleInstance i = instance();

        step(rule, i, 0, 0.95);
        step(rule, i, 10 * S, 0.5);
        step(rule, i, 59 * S, 0.5);
        assertThat(states()).containsExactly(AlertState.FIRING);

        step(rule, i, 60 * S, 0.5);
        assertThat(states()).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(events.get(1).endsAt()).isEqualTo(60 * S);
        assertThat(events.get(1).startsAt()).isEqualTo(0);
    }

    @Test
    void aRecoveryThresholdHoldsTheAlertUntilTheValueIsWellBack() {
        AlertRule rule =
                Rules.rule(
                        "r",
                        Rules.threshold("cpu", 0.9, "\"recovery\":{\"op\":\"<\",\"value\":0.8}"));
        RuleInstance i = instance();

        step(rule, i, 0, 0.95);
        step(rule, i, 10 * S, 0.85);
        assertThat(states()).containsExactly(AlertState.FIRING);

        step(rule, i, 20 * S, 0.75);
        assertThat(states()).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    }

    @Test
    void nOfMFiresWhenEnoughOfTheLastEvaluationsBreached() {
        AlertRule rule =
                Rules.rule(
                        "r",
                        Rules.threshold(
                                "cpu", 0.9, "\"pattern\":{\"type\":\"n_of_m\",\"n\":3,\"m\":5}"));
        RuleInstance i = instance();

        double[] values = {0.95, 0.5, 0.95, 0.5, 0.5, 0.95, 0.95};
        for (int k = 0; k < values.length; k++) {
            step(rule, i, k * 10 * S, values[k]);
        }
        // breaches at 0, 2, 5, 6: the last five (2..6) hold three of them at evaluation 6
        assertThat(states()).containsExactly(AlertState.FIRING);
        assertThat(events.get(0).eventTime()).isEqualTo(60 * S);
    }

    @Test
    void anAlertThatKeepsChangingIsReportedOnceAsFlappingThenSettles() {
        AlertRule rule =
                Rules.rule(
                        "r",
                        Rules.threshold(
                                "cpu",
                                0.9,
                                "\"flapping\":{\"max_transitions\":3,\"window\":\"10m\"}"));
        RuleInstance i = instance();

        for (int k = 0; k < 12; k++) {
            step(rule, i, k * 20 * S, k % 2 == 0 ? 0.95 : 0.5);
        }
        assertThat(states())
                .containsExactly(
                        AlertState.FIRING,
                        AlertState.RESOLVED,
                        AlertState.FIRING,
                        AlertState.FLAPPING);

        long quietFrom = 12 * 20 * S;
        step(rule, i, quietFrom, 0.95);
        step(rule, i, quietFrom + 11 * 60 * S, 0.95);
        assertThat(states()).endsWith(AlertState.FLAPPING, AlertState.FIRING);
        assertThat(events.get(events.size() - 1).reason()).isEqualTo("stopped flapping");
    }

    @Test
    void silenceIsNoDataNotResolvedAndDataReturningClearsIt() {
        AlertRule rule =
                Rules.rule("r", Rules.threshold("cpu", 0.9, "\"no_data\":{\"after\":\"5m\"}"));
        RuleInstance i = instance();

        step(rule, i, 0, 0.95);
        assertThat(InstanceEvaluator.silent(rule, i, 4 * 60 * S, 4 * 60 * S)).isNull();
        AlertEvent noData = InstanceEvaluator.silent(rule, i, 5 * 60 * S, 5 * 60 * S);
        assertThat(noData.state()).isEqualTo(AlertState.NO_DATA);
        assertThat(noData.previousState()).isEqualTo(AlertState.FIRING);
        assertThat(InstanceEvaluator.silent(rule, i, 6 * 60 * S, 6 * 60 * S)).isNull();

        step(rule, i, 7 * 60 * S, 0.5);
        assertThat(events.get(events.size() - 1).state()).isEqualTo(AlertState.INACTIVE);
        assertThat(events.get(events.size() - 1).previousState()).isEqualTo(AlertState.NO_DATA);
    }

    @Test
    void endingAnActiveInstanceResolvesItWithTheReason() {
        AlertRule rule = Rules.rule("r", Rules.threshold("cpu", 0.9, ""));
        RuleInstance i = instance();
        step(rule, i, 0, 0.95);

        AlertEvent ended = InstanceEvaluator.end(rule, i, 10 * S, "rule deleted");

        assertThat(ended.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(ended.reason()).isEqualTo("rule deleted");
        assertThat(InstanceEvaluator.end(rule, i, 20 * S, "again")).isNull();
    }

    @Test
    void annotationsAndLabelsComeFromTheRuleAndTheSeries() {
        AlertRule rule =
                Rules.rule(
                        "r",
                        Rules.threshold(
                                "cpu",
                                0.9,
                                "\"labels\":{\"team\":\"infra\"},\"annotations\":{\"summary\":\"{{labels.host}} at {{value}}\"}"));
        RuleInstance i = instance();
        step(rule, i, 0, 0.95);

        AlertEvent e = events.get(0);
        assertThat(e.labels()).containsEntry("team", "infra").containsEntry("host", "web-1");
        assertThat(e.annotations()).containsEntry("summary", "web-1 at 0.95");
        assertThat(e.ruleVersion()).isEqualTo(1);
        assertThat(e.severity()).isEqualTo("critical");
    }
}
