package io.aimonitor.pipeline.metrics;

/** The last cumulative reading of one series: what the next reading is compared against. */
public class SeriesState {
    public long lastTimestampMs;
    public long startTimeMs;
    public double lastValue;
    public long lastCount;
    public double lastSum;
    public double[] lastBounds;
    public long[] lastBuckets;

    /** When its one cleanup timer is due (0: none registered). */
    public long cleanupAt;

    /**
     * Idle: only what tells a resumed counter from a new one is kept (no histogram buckets) until
     * the state is dropped for good.
     */
    public boolean dormant;

    public SeriesState() {}
}
