package io.aimonitor.api.ingest;

import java.util.concurrent.atomic.LongAdder;

/** What ingest accepted, rejected and failed to forward, for the process's own metrics. */
public final class IngestCounters {
    public final LongAdder requests = new LongAdder();
    public final LongAdder acceptedPoints = new LongAdder();
    public final LongAdder rejectedPoints = new LongAdder();
    public final LongAdder acceptedSpans = new LongAdder();
    public final LongAdder rejectedSpans = new LongAdder();
    public final LongAdder kafkaFailures = new LongAdder();
}
