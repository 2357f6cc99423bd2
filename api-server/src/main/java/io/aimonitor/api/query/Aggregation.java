package io.aimonitor.api.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How points in one step (and across the series of a group) are combined. */
public enum Aggregation {
    AVG,
    MIN,
    MAX,
    SUM,
    COUNT,
    RATE,
    LAST,
    P50,
    P90,
    P95,
    P99;

    static Aggregation parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String allowed() {
        return Arrays.stream(values())
                .map(a -> a.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    boolean isQuantile() {
        return this == P50 || this == P90 || this == P95 || this == P99;
    }

    double quantile() {
        return switch (this) {
            case P50 -> 0.5;
            case P90 -> 0.9;
            case P95 -> 0.95;
            case P99 -> 0.99;
            default -> throw new IllegalStateException(name() + " is not a quantile");
        };
    }

    String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
