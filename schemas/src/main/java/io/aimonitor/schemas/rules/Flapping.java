package io.aimonitor.schemas.rules;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;

/**
 * An alert that changes between firing and resolved more than {@code maxTransitions} times within
 * {@code window} is FLAPPING: one event instead of a storm. It settles into its real state once it
 * has kept that state for a whole window.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Flapping(Integer maxTransitions, Duration window) {
    public static final Flapping DEFAULT = new Flapping(4, Duration.ofMinutes(10));
}
