package io.aimonitor.schemas.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a rule aggregates a series (or group) over its window before the condition is applied. */
public enum AggFunction {
    LAST,
    AVG,
    MIN,
    MAX,
    SUM,
    COUNT,
    RATE,
    P50,
    P90,
    P95,
    P99;

    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AggFunction of(String text) {
        for (AggFunction f : values()) {
            if (f.text().equals(text)) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "must be one of last, avg, min, max, sum, count, rate, p50, p90, p95, p99 (got '"
                        + text
                        + "')");
    }

    public boolean isQuantile() {
        return this == P50 || this == P90 || this == P95 || this == P99;
    }

    public double quantile() {
        return switch (this) {
            case P50 -> 0.5;
            case P90 -> 0.9;
            case P95 -> 0.95;
            case P99 -> 0.99;
            default -> throw new IllegalStateException(name() + " is not a quantile");
        };
    }
}
