package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.RuleJson;

/** Rules for tests, written as the API would store them. */
final class Rules {
    private Rules() {}

    /** A stored rule: id, version 1, author, with the JSON's fields. */
    static AlertRule rule(String id, String json) {
        return RuleJson.parse(json).stored(id, 1, "test", 0);
    }

    static AlertRule rule(String id, long version, String json) {
        return RuleJson.parse(json).stored(id, version, "test", 0);
    }

    /** A condition, as it would stand in a rule. */
    static io.aimonitor.schemas.rules.Condition condition(String json) {
        return RuleJson.parse(
                        "{\"name\":\"n\",\"selector\":{\"metric\":\"m\"},\"condition\":"
                                + json
                                + "}")
                .condition();
    }

    static RuleUpdate update(AlertRule rule) {
        return new RuleUpdate(rule.id(), RuleJson.write(rule));
    }

    static RuleUpdate delete(String id) {
        return new RuleUpdate(id, null);
    }

    /** A threshold rule on {@code metric}: value > {@code threshold}, with extra JSON fields. */
    static String threshold(String metric, double threshold, String extra) {
        return "{\"name\":\"High "
                + metric
                + "\",\"severity\":\"critical\",\"selector\":{\"metric\":\""
                + metric
                + "\"},\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":"
                + threshold
                + "}"
                + (extra.isEmpty() ? "" : "," + extra)
                + "}";
    }
}
