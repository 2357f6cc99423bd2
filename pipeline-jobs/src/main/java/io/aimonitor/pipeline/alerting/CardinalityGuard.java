package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.metrics.SeriesFingerprint;
import io.aimonitor.schemas.rules.AlertRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Caps how many instances each rule keeps on one subtask (its {@code max_series} shared out over
 * the parallel subtasks). Past the cap new series are not evaluated and a meta alert fires, so a
 * selector that matches too much never grows state silently; it resolves once the rule is back
 * under its cap. The counts are checkpointed as operator state.
 */
final class CardinalityGuard {
    static final String META_ALERT = "AlertRuleTooManySeries";

    private final Map<String, Integer> counts = new HashMap<>();
    private final Set<String> alerting = new HashSet<>();
    private final int parallelism;

    CardinalityGuard(int parallelism) {
        this.parallelism = parallelism;
    }

    int cap(AlertRule rule) {
        return Math.max(1, (rule.maxSeries() + parallelism - 1) / parallelism);
    }

    /** Counts a new instance in, if the rule is under its cap. */
    boolean admit(AlertRule rule) {
        int count = counts.getOrDefault(rule.id(), 0);
        if (count >= cap(rule)) {
            return false;
        }
        counts.put(rule.id(), count + 1);
        return true;
    }

    void release(String ruleId) {
        counts.computeIfPresent(ruleId, (k, n) -> n <= 1 ? null : n - 1);
    }

    void reset(String ruleId) {
        counts.remove(ruleId);
    }

    /** The meta alert when a series was turned away, the first time only. */
    AlertEvent overCap(AlertRule rule, long t) {
        return alerting.add(rule.id()) ? meta(rule, AlertState.FIRING, null, t) : null;
    }

    /** The meta alert's resolution once the rule has room again. */
    AlertEvent underCap(AlertRule rule, long t) {
        if (!alerting.contains(rule.id()) || counts.getOrDefault(rule.id(), 0) >= cap(rule)) {
            return null;
        }
        alerting.remove(rule.id());
        return meta(rule, AlertState.RESOLVED, AlertState.FIRING, t);
    }

    private AlertEvent meta(AlertRule rule, AlertState state, AlertState previous, long t) {
        return new AlertEvent(
                SeriesFingerprint.hex(SeriesFingerprint.of(rule.id(), META_ALERT, new String[0])),
                rule.id(),
                rule.version() == null ? 0 : rule.version(),
                rule.name(),
                state,
                previous,
                "warning",
                counts.getOrDefault(rule.id(), 0),
                Map.of("alertname", META_ALERT, "rule_id", rule.id()),
                Map.of(
                        "summary",
                        "rule '"
                                + rule.name()
                                + "' matches more than "
                                + rule.maxSeries()
                                + " series; series beyond that are not evaluated"),
                t,
                state == AlertState.RESOLVED ? Long.valueOf(t) : null,
                t,
                "max_series");
    }

    List<String> snapshot() {
        List<String> out = new ArrayList<>();
        counts.forEach((rule, n) -> out.add(rule + "\t" + n));
        return out;
    }

    /** Restores counts (summed: after rescaling, one subtask may get several old subtasks'). */
    void restore(Iterable<String> entries) {
        for (String e : entries) {
            int tab = e.lastIndexOf('\t');
            counts.merge(e.substring(0, tab), Integer.parseInt(e.substring(tab + 1)), Integer::sum);
        }
    }
}
