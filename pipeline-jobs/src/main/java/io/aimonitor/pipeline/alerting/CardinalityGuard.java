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
 * Caps how many instances each rule keeps on one subtask: its share of {@code max_series} over the
 * parallel subtasks, with room for series not hashing evenly (three standard deviations of a
 * subtask's expected count, never more than {@code max_series}). Past the cap new series are not
 * evaluated and a meta alert fires, so a selector that matches too much never grows state silently;
 * it resolves once the subtask is back under its cap. Each subtask (of each evaluator) raises its
 * own meta alert, so one's resolution never hides another's. Counts and raised alerts are
 * checkpointed as operator state; after rescaling the counts are summed approximations until the
 * instances they count are forgotten.
 */
final class CardinalityGuard {
    static final String META_ALERT = "AlertRuleTooManySeries";

    private final Map<String, Integer> counts = new HashMap<>();

    /** Rule id -> the subtasks whose meta alert for it is firing (restored ones may be others'). */
    private final Map<String, Set<Integer>> alerting = new HashMap<>();

    private final int parallelism;
    private final int subtask;
    private final String evaluator;

    CardinalityGuard(int parallelism, int subtask, String evaluator) {
        this.parallelism = parallelism;
        this.subtask = subtask;
        this.evaluator = evaluator;
    }

    int cap(AlertRule rule) {
        double share = (double) rule.maxSeries() / parallelism;
        int headroom = parallelism == 1 ? 0 : (int) Math.ceil(3 * Math.sqrt(share));
        return Math.max(1, Math.min(rule.maxSeries(), (int) Math.ceil(share) + headroom));
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
        boolean raised = alerting.computeIfAbsent(rule.id(), k -> new HashSet<>()).add(subtask);
        return raised ? meta(rule, subtask, AlertState.FIRING, null, t) : null;
    }

    /** The meta alerts' resolutions (this subtask's, and any restored) once there is room. */
    List<AlertEvent> underCap(AlertRule rule, long t) {
        Set<Integer> raised = alerting.get(rule.id());
        if (raised == null || counts.getOrDefault(rule.id(), 0) >= cap(rule)) {
            return List.of();
        }
        alerting.remove(rule.id());
        List<AlertEvent> out = new ArrayList<>();
        for (int by : raised) {
            out.add(meta(rule, by, AlertState.RESOLVED, AlertState.FIRING, t));
        }
        return out;
    }

    private AlertEvent meta(AlertRule rule, int by, AlertState state, AlertState previous, long t) {
        String[] labels = {"evaluator", evaluator, "subtask", Integer.toString(by)};
        Map<String, String> shown = new HashMap<>();
        shown.put("alertname", META_ALERT);
        shown.put("rule_id", rule.id());
        shown.put("evaluator", evaluator);
        shown.put("subtask", Integer.toString(by));
        return new AlertEvent(
                SeriesFingerprint.hex(SeriesFingerprint.of(rule.id(), META_ALERT, labels)),
                rule.id(),
                rule.version() == null ? 0 : rule.version(),
                rule.name(),
                state,
                previous,
                "warning",
                counts.getOrDefault(rule.id(), 0),
                shown,
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

    /** "rule TAB count TAB subtasks alerting (comma-separated)". */
    List<String> snapshot() {
        Set<String> rules = new HashSet<>(counts.keySet());
        rules.addAll(alerting.keySet());
        List<String> out = new ArrayList<>();
        for (String rule : rules) {
            StringBuilder raised = new StringBuilder();
            for (int by : alerting.getOrDefault(rule, Set.of())) {
                raised.append(raised.length() == 0 ? "" : ",").append(by);
            }
            out.add(rule + "\t" + counts.getOrDefault(rule, 0) + "\t" + raised);
        }
        return out;
    }

    /** Restores counts (summed: after rescaling, one subtask may get several old subtasks'). */
    void restore(Iterable<String> entries) {
        for (String e : entries) {
            String[] f = e.split("\t", -1);
            if (!f[1].equals("0")) {
                counts.merge(f[0], Integer.parseInt(f[1]), Integer::sum);
            }
            if (f.length > 2 && !f[2].isEmpty()) {
                for (String by : f[2].split(",")) {
                    alerting.computeIfAbsent(f[0], k -> new HashSet<>()).add(Integer.parseInt(by));
                }
            }
        }
    }
}
