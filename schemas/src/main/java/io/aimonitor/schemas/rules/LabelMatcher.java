package io.aimonitor.schemas.rules;

import java.util.regex.Pattern;

/** {@code label op value}; regular expressions are anchored, as in Prometheus. */
public record LabelMatcher(String label, MatchOp op, String value) {

    public boolean matches(String actual) {
        String v = actual == null ? "" : actual;
        return switch (op) {
            case EQ -> v.equals(value);
            case NE -> !v.equals(value);
            case RE -> compiled().matcher(v).matches();
            case NRE -> !compiled().matcher(v).matches();
        };
    }

    private Pattern compiled() {
        return PatternCache.get(value);
    }
}
