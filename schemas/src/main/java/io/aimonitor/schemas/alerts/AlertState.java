package io.aimonitor.schemas.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where an alert instance (one rule, one series or group) is in its lifecycle. NO_DATA (the series
 * went silent) is distinct from RESOLVED; FLAPPING replaces a storm of transitions with one state.
 */
public enum AlertState {
    INACTIVE,
    PENDING,
    FIRING,
    RESOLVED,
    NO_DATA,
    FLAPPING;

    @JsonValue
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AlertState of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** States an operator must look at. */
    public boolean active() {
        return this == PENDING || this == FIRING || this == NO_DATA || this == FLAPPING;
    }
}
