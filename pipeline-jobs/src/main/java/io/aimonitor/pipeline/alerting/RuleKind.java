package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.EventPattern;

/** Where a rule is evaluated. */
enum RuleKind {
    /** Per series, to alert events directly. */
    SERIES,
    /** Series contribute their window to a group, which is evaluated. */
    GROUP,
    /** Per-series breaches of the rule and of its second step meet in a group. */
    SEQUENCE,
    /** Per-series breaches counted by distinct entity in a group. */
    DISTINCT_ENTITIES;

    static RuleKind of(AlertRule rule) {
        if (rule.pattern() instanceof EventPattern.Sequence) {
            return SEQUENCE;
        }
        if (rule.pattern() instanceof EventPattern.DistinctEntities) {
            return DISTINCT_ENTITIES;
        }
        return rule.selector().groupBy().isEmpty() ? SERIES : GROUP;
    }

    boolean grouped() {
        return this != SERIES;
    }
}
