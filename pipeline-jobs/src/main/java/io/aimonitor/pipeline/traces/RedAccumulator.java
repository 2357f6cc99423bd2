package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.DurationSketch;

/** What one RED window has seen so far. */
public class RedAccumulator {
    public long calls;
    public long errors;
    public long durationSumNanos;
    public DurationSketch sketch = new DurationSketch();
    public String slowTraceId = "";
    public long slowDurationNanos = -1;
    public String errorTraceId = "";

    void add(CallSample c) {
        calls++;
        durationSumNanos = saturatedSum(durationSumNanos, c.durationNanos());
        sketch.add(c.durationNanos());
        if (c.durationNanos() > slowDurationNanos) {
            slowDurationNanos = c.durationNanos();
            slowTraceId = c.traceId();
        }
        if (c.error()) {
            errors++;
            errorTraceId = c.traceId();
        }
    }

    RedAccumulator merge(RedAccumulator o) {
        calls += o.calls;
        errors += o.errors;
        durationSumNanos = saturatedSum(durationSumNanos, o.durationSumNanos);
        sketch.merge(o.sketch);
        if (o.slowDurationNanos > slowDurationNanos) {
            slowDurationNanos = o.slowDurationNanos;
            slowTraceId = o.slowTraceId;
        }
        if (!o.errorTraceId.isEmpty()) {
            errorTraceId = o.errorTraceId;
        }
        return this;
    }

    /** Durations are never negative; a sum of absurd ones stops at the maximum, not below zero. */
    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
