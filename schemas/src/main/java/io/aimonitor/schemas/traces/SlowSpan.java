package io.aimonitor.schemas.traces;

import java.io.Serializable;

/**
 * A span far slower than its operation's learned baseline.
 *
 * @param baselineNanos the operation's typical duration (geometric mean) when the span arrived
 * @param deviation how many standard deviations (of log duration) above the baseline
 */
public record SlowSpan(
        String traceId,
        String spanId,
        String service,
        String operation,
        long startNanos,
        long durationNanos,
        long baselineNanos,
        double deviation)
        implements Serializable {}
