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
        durationSumNanos += c.durationNanos();
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
        durationSumNanos += o.durationSumNanos;
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
}
