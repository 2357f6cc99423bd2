package io.aimonitor.schemas.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleJsonTest {
    static final String CPU_RULE =
            """
            {"name": "High CPU", "severity": "critical",
             "selector": {"metric": "system.cpu.utilization",
                          "matchers": [{"label": "host.name", "op": "=~", "value": "web-.*"}],
                          "group_by": ["host.name"],
                          "aggregation": {"function": "avg", "window": "5m"}},
             "condition": {"type": "threshold", "op": ">", "value": 0.9},
             "for": "2m", "keep_firing_for": "5m",
             "recovery": {"op": "<", "value": 0.8},
             "labels": {"team": "infra"},
             "annotations": {"summary": "CPU {{value}} on {{labels.host.name}}"}}
            """;

    @Test
    void parsesAFullRuleWithDefaults() {
        AlertRule rule = RuleJson.parse(CPU_RULE);

        assertThat(rule.name()).isEqualTo("High CPU");
        assertThat(rule.enabled()).isTrue();
        assertThat(rule.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rule.selector().matchers().get(0).op()).isEqualTo(MatchOp.RE);
        assertThat(rule.selector().aggregation().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rule.condition()).isEqualTo(new Condition.Threshold(CompareOp.GT, 0.9));
        assertThat(rule.forDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(rule.maxSeries()).isEqualTo(AlertRule.DEFAULT_MAX_SERIES);
    }

    @Test
    void roundTripsThroughItsWrittenForm() {
        AlertRule rule = RuleJson.parse(CPU_RULE).stored("r1", 3, "alice", 1234);

        assertThat(RuleJson.read(RuleJson.write(rule))).isEqualTo(rule);
        assertThat(RuleJson.write(rule))
                .contains("\"for\":\"2m\"", "\"keep_firing_for\":\"5m\"", "\"version\":3");
    }

    @Test
    void parsesEveryConditionAndPatternType() {
        String rule =
                """
            {"name": "n", "selector": {"metric": "m"},
             "condition": {"type": "any", "conditions": [
                {"type": "absent", "after": "10m"},
                {"type": "rate_of_change", "mode": "percent", "window": "10m", "op": ">", "value": 50},
                {"type": "all", "conditions": [
                   {"type": "baseline", "window": "7d", "k": 3, "min_samples": 20, "seasonality": "hour_of_week", "direction": "above"},
                   {"type": "anomaly", "threshold": 0.8}]}]},
             "pattern": {"type": "sequence", "within": "5m",
                         "then": {"selector": {"metric": "latency.p99"}, "condition": {"type": "threshold", "op": ">=", "value": 3}}},
             "no_data": {"after": "15m"}}
            """;
        AlertRule parsed = RuleJson.parse(rule);

        Condition.Any any = (Condition.Any) parsed.condition();
        assertThat(any.conditions()).hasSize(3);
        Condition.All all = (Condition.All) any.conditions().get(2);
        assertThat(((Condition.Baseline) all.conditions().get(0)).seasonalityOrDefault())
                .isEqualTo(Condition.Baseline.Seasonality.HOUR_OF_WEEK);
        assertThat(((EventPattern.Sequence) parsed.pattern()).within())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(
                        RuleJson.parse(
                                        "{\"name\":\"n\",\"selector\":{\"metric\":\"m\"},\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":1},"
                                                + "\"pattern\":{\"type\":\"n_of_m\",\"n\":3,\"m\":5}}")
                                .pattern())
                .isEqualTo(new EventPattern.NOfM(3, 5));
    }

    @Test
    void namesTheFieldOfEveryMistake() {
        assertField(
                "{\"name\":\"n\",\"selector\":{\"metric\":\"m\"},\"condition\":{\"type\":\"threshold\",\"op\":\"=>\",\"value\":1}}",
                "condition.op",
                "must be one of >, >=, <, <=, ==, != (got '=>')");
        assertField(
                "{\"name\":\"n\",\"selector\":{\"metric\":\"m\"},\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":1},"
                        + "\"pattern\":{\"type\":\"n_of_m\",\"n\":70,\"m\":100}}",
                "pattern",
                "needs 1 <= n <= m <= 64");
        assertField(
                "{\"name\":\"n\",\"selector\":{\"metric\":\"m\",\"colour\":1},\"condition\":{\"type\":\"absent\",\"after\":\"1m\"}}",
                "selector.colour",
                "unknown field 'colour'");
        assertField(
                "{\"name\":\"n\",\"selector\":{\"metric\":\"m\"},\"condition\":{\"type\":\"psychic\"}}",
                "condition.type",
                "unknown type 'psychic'");
        assertField(
                "{\"name\":\"n\",\"selector\":{\"metric\":\"m\",\"matchers\":[{\"label\":\"h\",\"op\":\"~\",\"value\":\"x\"}]},\"condition\":{\"type\":\"absent\",\"after\":\"1m\"}}",
                "selector.matchers[0].op",
                "must be one of =, !=, =~, !~");
        assertField(
                "{\"name\":\"n\",\"selector\":{\"metric\":\"m\",\"matchers\":[{\"label\":\"h\",\"op\":\"=~\",\"value\":\"(\"}]},\"condition\":{\"type\":\"absent\",\"after\":\"1m\"}}",
                "selector.matchers[0].value",
                "is not a valid regular expression");
        assertField(
                "{\"name\":\"n\",\"selector\":{\"metric\":\"m\"},\"condition\":{\"type\":\"absent\",\"after\":\"soon\"}}",
                "condition.after",
                "must be a duration");
        assertField(
                "{\"name\":\"n\",\"selector\":{\"metric\":\"\"},\"condition\":{\"type\":\"absent\",\"after\":\"1m\"}}",
                "selector.metric",
                "is required");
        assertField(
                "{\"name\":\"n\",\"selector\":{\"metric\":\"m\"},\"condition\":{\"type\":\"threshold\",\"op\":\">\"}}",
                "condition.value",
                "is required");
        assertField(
                "{\"name\":\"n\",\"selector\":{\"metric\":\"m\"},\"condition\":{\"type\":\"absent\",\"after\":\"1m\"},\"annotations\":{\"s\":\"{{hostname}}\"}}",
                "annotations.s",
                "unknown placeholder '{{hostname}}'");
        assertField(
                "{\"name\":\"n\",\"selector\":{\"metric\":\"m\"},\"condition\":{\"type\":\"absent\",\"after\":\"1m\"},\"severity\":\"panic\"}",
                "severity",
                "must be one of critical, warning, info");
        assertField("{\"name\":\"n\",\"selector\":{\"metric\":\"m\"}}", "condition", "is required");
        assertField("[1]", "", "");
    }

    private static void assertField(String json, String field, String message) {
        assertThatThrownBy(() -> RuleJson.parse(json))
                .isInstanceOfSatisfying(
                        RuleException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(message);
    }

    @Test
    void onlyAChangeToWhatIsEvaluatedResetsState() {
        AlertRule rule = RuleJson.parse(CPU_RULE);
        AlertRule relabelled =
                RuleJson.parse(
                        CPU_RULE.replace("\"team\": \"infra\"", "\"team\": \"sre\"")
                                .replace("High CPU", "CPU"));
        AlertRule retuned = RuleJson.parse(CPU_RULE.replace("\"value\": 0.9", "\"value\": 0.95"));

        assertThat(relabelled.conditionChangedFrom(rule)).isFalse();
        assertThat(retuned.conditionChangedFrom(rule)).isTrue();
    }

    @Test
    void rendersAnnotationTemplates() {
        AlertRule rule = RuleJson.parse(CPU_RULE);
        assertThat(
                        Templates.render(
                                rule.annotations().get("summary"),
                                rule,
                                Map.of("host.name", "web-1"),
                                0.93456))
                .isEqualTo("CPU 0.9346 on web-1");
        assertThat(
                        Templates.render(
                                "{{rule.name}} is {{severity}}: {{value}}", rule, Map.of(), 3.0))
                .isEqualTo("High CPU is critical: 3");
    }
}
