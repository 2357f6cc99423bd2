package io.aimonitor.schemas.rules;

import java.time.Duration;

/** A function over a sliding window, e.g. avg over 5m. */
public record Aggregation(AggFunction function, Duration window) {}
