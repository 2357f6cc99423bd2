package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertLifecycle;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.EventPattern;
import io.aimonitor.schemas.rules.Flapping;
import io.aimonitor.schemas.rules.Templates;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns evaluations of one instance into alert events: N-of-M smoothing, the lifecycle (pending
 * after a breach, firing after {@code for}, resolved after recovery and {@code keep_firing_for}),
 * NO_DATA on silence, FLAPPING when it changes too often, and forced resolution when its rule goes
 * away. Returns the event to emit, or null. Pure: no Flink, no clock.
 */
final class InstanceEvaluator {
    private InstanceEvaluator() {}

    /** One evaluation at event time {@code t}: whether the condition holds and the value. */
    static AlertEvent evaluate(
            AlertRule rule, RuleInstance i, long t, boolean breach, double value) {
        if (!Double.isNaN(value)) {
            i.lastValue = value;
        }
        i.lastAt = Math.max(i.lastAt, t);
        boolean effective = smooth(rule, i, breach);
        boolean recovered =
                rule.recovery() == null
                        ? !effective
                        : !Double.isNaN(value)
                                && rule.recovery().op().test(value, rule.recovery().value());
        AlertState before = i.state;
        AlertState after =
                AlertLifecycle.evaluate(
                        i,
                        t,
                        effective,
                        recovered,
                        rule.forDuration().toMillis(),
                        rule.keepFiringFor().toMillis());
        return report(rule, i, t, before != after, after, "");
    }

    /**
     * The stream has had no value for {@code silentMs}: NO_DATA if the rule asks for it. (Absent
     * conditions are evaluated by the caller as ordinary breaches.)
     */
    static AlertEvent silent(AlertRule rule, RuleInstance i, long t, long silentMs) {
        if (rule.noData() == null
                || silentMs < rule.noData().after().toMillis()
                || i.state == AlertState.NO_DATA) {
            return null;
        }
        i.state = AlertState.NO_DATA;
        i.noDataSince = t;
        return report(
                rule, i, t, true, AlertState.NO_DATA, "no data for " + silentMs / 1000 + " s");
    }

    /** Ends an instance (rule changed or deleted, series gone): resolved, if it was active. */
    static AlertEvent end(AlertRule rule, RuleInstance i, long t, String reason) {
        if (!i.reportedActive()) {
            return null;
        }
        AlertState previous = i.reported;
        i.state = AlertState.RESOLVED;
        i.reported = AlertState.RESOLVED;
        return event(rule, i, t, AlertState.RESOLVED, previous, reason);
    }

    private static boolean smooth(AlertRule rule, RuleInstance i, boolean breach) {
        i.breachBits = (i.breachBits << 1) | (breach ? 1 : 0);
        if (rule.pattern() instanceof EventPattern.NOfM nm) {
            long window = nm.m() >= 64 ? -1L : (1L << nm.m()) - 1;
            return Long.bitCount(i.breachBits & window) >= nm.n();
        }
        return breach;
    }

    private static AlertEvent report(
            AlertRule rule,
            RuleInstance i,
            long t,
            boolean changed,
            AlertState now,
            String reason) {
        Flapping flapping = rule.flapping() == null ? Flapping.DEFAULT : rule.flapping();
        long window = flapping.window().toMillis();
        if (changed && (now == AlertState.FIRING || now == AlertState.RESOLVED)) {
            recordTransition(i, t, window);
        }
        AlertState previous = i.reported;
        if (previous == AlertState.FLAPPING) {
            long lastChange =
                    i.transitions.length == 0 ? 0 : i.transitions[i.transitions.length - 1];
            if (t - lastChange < window) {
                return null;
            }
            AlertState settled =
                    i.state == AlertState.FIRING ? AlertState.FIRING : AlertState.RESOLVED;
            i.reported = settled;
            return event(rule, i, t, settled, previous, "stopped flapping");
        }
        if (!changed) {
            return null;
        }
        if (i.transitions.length > flapping.maxTransitions()) {
            i.reported = AlertState.FLAPPING;
            return event(
                    rule,
                    i,
                    t,
                    AlertState.FLAPPING,
                    previous,
                    i.transitions.length + " changes within " + window / 1000 + " s");
        }
        if (now == previous) {
            return null;
        }
        i.reported = now;
        return event(rule, i, t, now, previous, reason);
    }

    private static void recordTransition(RuleInstance i, long t, long window) {
        int keep = 0;
        long[] recent = new long[i.transitions.length + 1];
        for (long at : i.transitions) {
            if (t - at < window) {
                recent[keep++] = at;
            }
        }
        recent[keep++] = t;
        i.transitions = Arrays.copyOf(recent, keep);
    }

    static AlertEvent event(
            AlertRule rule,
            RuleInstance i,
            long t,
            AlertState state,
            AlertState previous,
            String reason) {
        Map<String, String> labels = labels(rule, i.labels);
        Map<String, String> annotations = new LinkedHashMap<>();
        rule.annotations()
                .forEach(
                        (k, v) ->
                                annotations.put(k, Templates.render(v, rule, labels, i.lastValue)));
        // an ending keeps the start of what it ends
        AlertState started =
                state == AlertState.RESOLVED || state == AlertState.INACTIVE ? previous : state;
        long startsAt =
                switch (started) {
                    case PENDING -> i.pendingSince;
                    case NO_DATA -> i.noDataSince;
                    case FIRING, FLAPPING -> i.firingSince;
                    default -> t;
                };
        return new AlertEvent(
                i.fingerprint,
                rule.id(),
                rule.version() == null ? i.ruleVersion : rule.version(),
                rule.name(),
                state,
                previous,
                rule.severity().text(),
                i.lastValue,
                labels,
                annotations,
                startsAt,
                state == AlertState.RESOLVED || state == AlertState.INACTIVE
                        ? Long.valueOf(t)
                        : null,
                t,
                reason);
    }

    /** The instance's labels with the rule's own labels on top. */
    static Map<String, String> labels(AlertRule rule, String[] pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int k = 0; k + 1 < pairs.length; k += 2) {
            out.put(pairs[k], pairs[k + 1]);
        }
        out.putAll(rule.labels());
        return out;
    }
}
