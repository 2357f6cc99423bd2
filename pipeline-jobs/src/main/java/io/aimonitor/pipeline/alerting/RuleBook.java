package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.Condition;
import io.aimonitor.schemas.rules.EventPattern;
import io.aimonitor.schemas.rules.RuleJson;
import io.aimonitor.schemas.rules.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enabled rules, indexed for evaluation: by id, and by metric name for the selectors that watch
 * series (a sequence rule watches with two). Built from the broadcast state - the rules' JSON by
 * id, the same on every subtask - and rebuilt when it changes.
 */
final class RuleBook {
    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);

    /** The broadcast state: rule id to the rule's JSON. */
    static final MapStateDescriptor<String, String> RULES =
            new MapStateDescriptor<>("rules", Types.STRING, Types.STRING);

    /** The suffix of a sequence's second step in instance keys. */
    static final String SECOND_STEP = "#then";

    /** One selector a rule watches series with, and what is evaluated on them. */
    record Watch(
            AlertRule rule,
            RuleKind kind,
            boolean secondStep,
            Selector selector,
            Condition condition,
            long windowMs) {
        String instanceKey() {
            return secondStep ? rule.id() + SECOND_STEP : rule.id();
        }
    }

    private final Map<String, AlertRule> byId = new HashMap<>();
    private final Map<String, List<Watch>> byMetric = new HashMap<>();

    static RuleBook of(Iterable<Map.Entry<String, String>> rules) {
        RuleBook book = new RuleBook();
        for (Map.Entry<String, String> e : rules) {
            AlertRule rule = parse(e.getKey(), e.getValue());
            if (rule != null && rule.enabled()) {
                book.add(rule);
            }
        }
        return book;
    }

    /** The rule in a rules-topic message, or null if it cannot be read (logged, then ignored). */
    static AlertRule parse(String id, String json) {
        if (json == null) {
            return null;
        }
        try {
            return RuleJson.read(json).withDefaults();
        } catch (RuntimeException e) {
            LOG.error("Ignoring unreadable rule {}: {}", id, e.getMessage());
            return null;
        }
    }

    private void add(AlertRule rule) {
        byId.put(rule.id(), rule);
        RuleKind kind = RuleKind.of(rule);
        watch(
                new Watch(
                        rule,
                        kind,
                        false,
                        rule.selector(),
                        rule.condition(),
                        window(rule.selector())));
        if (rule.pattern() instanceof EventPattern.Sequence s) {
            watch(
                    new Watch(
                            rule,
                            kind,
                            true,
                            s.then().selector(),
                            s.then().condition(),
                            window(s.then().selector())));
        }
    }

    private void watch(Watch w) {
        byMetric.computeIfAbsent(w.selector().metric(), m -> new ArrayList<>()).add(w);
    }

    private static long window(Selector s) {
        return s.aggregation() == null ? 0 : s.aggregation().window().toMillis();
    }

    AlertRule rule(String id) {
        return byId.get(id);
    }

    boolean watchesMetric(String metric) {
        return byMetric.containsKey(metric);
    }

    /** Every metric some rule watches. */
    java.util.Set<String> metrics() {
        return java.util.Set.copyOf(byMetric.keySet());
    }

    /** The watches whose selector matches the point's series. */
    List<Watch> watching(MetricPoint p) {
        List<Watch> candidates = byMetric.get(p.metric);
        if (candidates == null) {
            return List.of();
        }
        List<Watch> out = new ArrayList<>(candidates.size());
        for (Watch w : candidates) {
            if (w.selector().matches(p.metric, p.labels)) {
                out.add(w);
            }
        }
        return out;
    }

    int size() {
        return byId.size();
    }
}
