package io.aimonitor.api.notify.policy;

import io.aimonitor.schemas.rules.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The routing tree with inherited settings resolved, matched as Alertmanager does: depth first; an
 * alert goes to the deepest routes that match, stopping at the first matching sibling unless it
 * says {@code continue}; if no child matches, the parent takes it.
 */
public final class Routing {
    /** A route with every setting resolved; {@code id} is its path in the tree ("0.1.2"). */
    public record ResolvedRoute(
            String id,
            String receiver,
            List<LabelMatcher> matchers,
            boolean continueMatching,
            List<String> groupBy,
            long groupWaitMs,
            long groupIntervalMs,
            long repeatIntervalMs,
            String escalation,
            List<ResolvedRoute> children) {

        /** The labels that make this route's group for an alert with {@code labels}. */
        public Map<String, String> groupLabels(Map<String, String> labels) {
            if (groupBy.contains("...")) {
                return new TreeMap<>(labels);
            }
            Map<String, String> out = new TreeMap<>();
            for (String l : groupBy) {
                out.put(l, labels.getOrDefault(l, ""));
            }
            return out;
        }
    }

    private final ResolvedRoute root;

    public Routing(NotificationPolicy policy) {
        NotificationPolicy.Route r = policy.route();
        this.root =
                resolve(
                        r,
                        "0",
                        r.receiver(),
                        r.groupBy() == null ? List.of() : r.groupBy(),
                        millis(r.groupWait(), 30_000),
                        millis(r.groupInterval(), 300_000),
                        millis(r.repeatInterval(), 4 * 3_600_000),
                        r.escalation());
    }

    private static ResolvedRoute resolve(
            NotificationPolicy.Route r,
            String id,
            String receiver,
            List<String> groupBy,
            long wait,
            long interval,
            long repeat,
            String escalation) {
        List<ResolvedRoute> children = new ArrayList<>();
        for (int i = 0; i < r.routes().size(); i++) {
            NotificationPolicy.Route c = r.routes().get(i);
            children.add(
                    resolve(
                            c,
                            id + "." + i,
                            c.receiver() == null ? receiver : c.receiver(),
                            c.groupBy() == null ? groupBy : c.groupBy(),
                            millis(c.groupWait(), wait),
                            millis(c.groupInterval(), interval),
                            millis(c.repeatInterval(), repeat),
                            c.escalation() == null ? escalation : c.escalation()));
        }
        return new ResolvedRoute(
                id,
                receiver,
                r.matchers(),
                Boolean.TRUE.equals(r.continueMatching()),
                groupBy,
                wait,
                interval,
                repeat,
                escalation,
                children);
    }

    private static long millis(java.time.Duration d, long fallback) {
        return d == null ? fallback : d.toMillis();
    }

    /** The routes an alert with these labels goes to. */
    public List<ResolvedRoute> match(Map<String, String> labels) {
        return match(root, labels);
    }

    private static List<ResolvedRoute> match(ResolvedRoute route, Map<String, String> labels) {
        for (LabelMatcher m : route.matchers()) {
            if (!m.matches(labels.get(m.label()))) {
                return List.of();
            }
        }
        List<ResolvedRoute> all = new ArrayList<>();
        for (ResolvedRoute child : route.children()) {
            List<ResolvedRoute> matched = match(child, labels);
            all.addAll(matched);
            if (!matched.isEmpty() && !child.continueMatching()) {
                break;
            }
        }
        return all.isEmpty() ? List.of(route) : all;
    }

    /** Every route of the tree, by id. */
    public Map<String, ResolvedRoute> byId() {
        Map<String, ResolvedRoute> out = new TreeMap<>();
        collect(root, out);
        return out;
    }

    private static void collect(ResolvedRoute r, Map<String, ResolvedRoute> out) {
        out.put(r.id(), r);
        r.children().forEach(c -> collect(c, out));
    }
}
