package io.aimonitor.schemas.rules;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Which series a rule watches: a metric, label matchers, and optionally groups (the condition is
 * then evaluated per group, on the aggregation over the group's series).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Selector(
        String metric, List<LabelMatcher> matchers, List<String> groupBy, Aggregation aggregation) {

    public List<LabelMatcher> matchers() {
        return matchers == null ? List.of() : matchers;
    }

    public List<String> groupBy() {
        return groupBy == null ? List.of() : groupBy;
    }

    /** Whether a series with these sorted label pairs is selected. */
    public boolean matches(String metricName, String[] labels) {
        if (!metric.equals(metricName)) {
            return false;
        }
        for (LabelMatcher m : matchers()) {
            if (!m.matches(valueOf(labels, m.label()))) {
                return false;
            }
        }
        return true;
    }

    static String valueOf(String[] labels, String key) {
        for (int i = 0; i < labels.length; i += 2) {
            if (labels[i].equals(key)) {
                return labels[i + 1];
            }
        }
        return null;
    }
}
