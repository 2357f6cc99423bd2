package io.aimonitor.schemas.traces;

import java.io.Serializable;

/**
 * Rate, errors and duration of one key over one window: a service's or an operation's entry spans,
 * or the calls of one service-graph edge (caller {@code service} to callee {@code peer}). A window
 * that receives late spans is emitted again with a higher {@code version}; storage keeps the
 * newest.
 *
 * @param scope {@link #SERVICE}, {@link #OPERATION} or {@link #EDGE}
 * @param sketchIndexes non-empty {@link DurationSketch} buckets, parallel to {@code sketchCounts}
 * @param slowTraceId exemplar: the trace of the slowest call in the window
 * @param errorTraceId exemplar: the trace of the newest failed call, empty when none failed
 */
public record RedPoint(
        String scope,
        String service,
        String operation,
        String peer,
        long windowStartMs,
        long windowMs,
        long calls,
        long errors,
        long durationSumNanos,
        double p50Nanos,
        double p95Nanos,
        double p99Nanos,
        long[] sketchIndexes,
        long[] sketchCounts,
        String slowTraceId,
        long slowDurationNanos,
        String errorTraceId,
        int version)
        implements Serializable {
    public static final String SERVICE = "service";
    public static final String OPERATION = "operation";
    public static final String EDGE = "edge";

    public double callsPerSecond() {
        return calls * 1000.0 / windowMs;
    }

    public double errorRatio() {
        return calls == 0 ? 0 : (double) errors / calls;
    }
}
