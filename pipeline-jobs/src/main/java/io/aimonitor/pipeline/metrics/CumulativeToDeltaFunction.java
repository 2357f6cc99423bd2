package io.aimonitor.pipeline.metrics;

import io.aimonitor.schemas.metrics.MetricPoint;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns cumulative sums and histograms into per-interval deltas and rates, per series.
 *
 * <ul>
 *   <li>A reset - a later start time, a monotonic value or bucket that went down - starts the
 *       interval from zero, so the delta is the new reading itself (Prometheus semantics). A start
 *       time that moved back is jitter, not a restart.
 *   <li>The first reading of a series counts from zero only if the series started after this job
 *       began watching ({@code initial_value: auto} in the OpenTelemetry Collector's
 *       cumulativetodelta processor): a counter that ran for days before must not appear as one
 *       huge increase.
 *   <li>A reading not newer than the last one (a retried export, or out of order) is dropped and
 *       counted: its increase is already included.
 *   <li>Once the watermark passes a series' last reading plus the idle timeout its state shrinks to
 *       a dormant reading (no histogram buckets), so a counter that comes back - a collector that
 *       was down - continues from its last value rather than counting its whole total again;
 *       {@value #DORMANT_TIMEOUTS} idle timeouts later it is dropped.
 * </ul>
 *
 * The input arrives through a network shuffle, so each record is a fresh copy that is safe to
 * update in place.
 */
public class CumulativeToDeltaFunction extends KeyedProcessFunction<Long, MetricPoint, MetricPoint>
        implements CheckpointedFunction {
    private static final long TIMER_GRANULARITY_MS = 60_000;
    static final int DORMANT_TIMEOUTS = 6;

    private final long idleTimeoutMs;
    private transient ValueState<SeriesState> seriesState;
    private transient ListState<Long> observingSinceState;
    private transient long observingSince;
    private transient Counter outOfOrder;
    private transient Counter resets;

    public CumulativeToDeltaFunction(Duration idleTimeout) {
        this.idleTimeoutMs = idleTimeout.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        seriesState = getRuntimeContext().getState(Descriptors.SERIES_STATE);
        outOfOrder = getRuntimeContext().getMetricGroup().counter("cumulativePointsOutOfOrder");
        resets = getRuntimeContext().getMetricGroup().counter("counterResets");
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        observingSinceState =
                context.getOperatorStateStore().getUnionListState(Descriptors.OBSERVING_SINCE);
        long since = Long.MAX_VALUE;
        for (Long restored : observingSinceState.get()) {
            since = Math.min(since, restored);
        }
        observingSince = since == Long.MAX_VALUE ? System.currentTimeMillis() : since;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        observingSinceState.update(java.util.List.of(observingSince));
    }

    @Override
    public void processElement(MetricPoint point, Context ctx, Collector<MetricPoint> out)
            throws Exception {
        SeriesState last = seriesState.value();
        if (last != null && point.timestampMs <= last.lastTimestampMs) {
            outOfOrder.inc();
            return;
        }
        SeriesState reading = readingOf(point);
        // one cleanup timer per series, moved on when it fires: not one per minute of activity
        reading.cleanupAt = last == null || last.dormant ? 0 : last.cleanupAt;
        if (reading.cleanupAt == 0) {
            reading.cleanupAt = cleanupTime(point.timestampMs);
            ctx.timerService().registerEventTimeTimer(reading.cleanupAt);
        }
        if (last != null) {
            // a start time that jittered back is not the series' start: keep the later one
            reading.startTimeMs = Math.max(reading.startTimeMs, last.startTimeMs);
        }
        seriesState.update(reading);
        boolean emit =
                last == null
                        ? toFirstDelta(point)
                        : last.dormant ? fromDormant(point, last) : toDelta(point, last);
        if (emit) {
            out.collect(point);
        }
    }

    /** The cumulative reading to compare the next point with (taken before it becomes a delta). */
    private static SeriesState readingOf(MetricPoint p) {
        SeriesState reading = new SeriesState();
        reading.lastTimestampMs = p.timestampMs;
        reading.startTimeMs = p.startTimeMs;
        if (p.type.isHistogram()) {
            reading.lastCount = p.count;
            reading.lastSum = p.sum;
            reading.lastBounds = p.bounds;
            reading.lastBuckets = p.bucketCounts.clone();
        } else {
            reading.lastValue = p.value;
        }
        return reading;
    }

    /** The first reading of a series; returns whether there is anything to emit. */
    private boolean toFirstDelta(MetricPoint p) {
        boolean countFromZero = p.startTimeMs > 0 && p.startTimeMs >= observingSince;
        if (p.type.isHistogram()) {
            return countFromZero; // as read, a histogram since its start is its first delta
        }
        p.delta = countFromZero ? p.value : 0;
        p.rate = countFromZero ? rate(p.delta, p.startTimeMs, p.timestampMs) : Double.NaN;
        return true;
    }

    /** A series back after a silence: a counter goes on from its last value. */
    private boolean fromDormant(MetricPoint p, SeriesState last) {
        boolean restarted = restarted(p, last);
        if (p.type.isHistogram()) {
            // its buckets were let go: a restarted histogram counts as read, else wait a reading
            return restarted;
        }
        return toDelta(p, last);
    }

    private boolean toDelta(MetricPoint p, SeriesState last) {
        boolean restarted = restarted(p, last);
        if (p.type.isHistogram()) {
            long[] delta =
                    restarted || p.count < last.lastCount
                            ? null
                            : HistogramDelta.of(
                                    p.bounds, p.bucketCounts, last.lastBounds, last.lastBuckets);
            if (delta == null) {
                resets.inc(); // the reading itself is the interval's delta
            } else {
                p.bucketCounts = delta;
                p.count -= last.lastCount;
                p.sum -= last.lastSum;
            }
            return true;
        }
        long intervalStart = last.lastTimestampMs;
        if (restarted || (p.monotonic && p.value < last.lastValue)) {
            resets.inc();
            p.delta = p.value;
            if (p.startTimeMs > intervalStart && p.startTimeMs < p.timestampMs) {
                intervalStart = p.startTimeMs;
            }
        } else {
            p.delta = p.value - last.lastValue;
        }
        p.rate = rate(p.delta, intervalStart, p.timestampMs);
        return true;
    }

    /** A later start time than the last reading's: the producer started the series again. */
    private static boolean restarted(MetricPoint p, SeriesState last) {
        return p.startTimeMs > 0 && last.startTimeMs > 0 && p.startTimeMs > last.startTimeMs;
    }

    private static double rate(double delta, long startMs, long endMs) {
        return endMs > startMs ? delta * 1000.0 / (endMs - startMs) : Double.NaN;
    }

    private long cleanupTime(long timestampMs) {
        long due = timestampMs + idleTimeoutMs;
        return (due / TIMER_GRANULARITY_MS + 1) * TIMER_GRANULARITY_MS;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricPoint> out)
            throws Exception {
        SeriesState last = seriesState.value();
        if (last == null) {
            return;
        }
        if (last.lastTimestampMs + DORMANT_TIMEOUTS * idleTimeoutMs < timestamp) {
            seriesState.clear();
        } else if (last.lastTimestampMs + idleTimeoutMs < timestamp) {
            last.dormant = true;
            last.lastBounds = null;
            last.lastBuckets = null;
            last.cleanupAt =
                    cleanupTime(last.lastTimestampMs + (DORMANT_TIMEOUTS - 1) * idleTimeoutMs);
            ctx.timerService().registerEventTimeTimer(last.cleanupAt);
            seriesState.update(last);
        } else if (timestamp >= last.cleanupAt) {
            last.cleanupAt = cleanupTime(last.lastTimestampMs);
            ctx.timerService().registerEventTimeTimer(last.cleanupAt);
            seriesState.update(last);
        }
    }
}
