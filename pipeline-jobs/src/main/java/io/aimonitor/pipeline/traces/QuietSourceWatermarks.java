package io.aimonitor.pipeline.traces;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Bounded out-of-orderness that keeps time moving when spans stop: after {@code quietMs} without a
 * span, event time advances from the last span's time as the clock does, so the last minute's RED
 * and the last traces' summaries are emitted on a quiet system too instead of waiting for the next
 * span. Spans that arrive after that are late and handled by the windows' allowed lateness.
 *
 * <p>Quiet is measured on Flink's input activity clock, which stands still while the source is
 * back-pressured: a source held back by a slow sink, with a backlog still to read, is not quiet,
 * and its backlog must not turn late.
 */
final class QuietSourceWatermarks<T> implements WatermarkGenerator<T> {
    private final long boundMs;
    private final long quietMs;
    private final RelativeClock activity;
    private final long createdWallMs = System.currentTimeMillis();
    private long maxTimestamp;
    private long lastEventActivityMs;
    private long emitted = Long.MIN_VALUE;
    private boolean seen;

    QuietSourceWatermarks(long boundMs, long quietMs, RelativeClock activity) {
        this.boundMs = boundMs;
        this.quietMs = quietMs;
        this.activity = activity;
        this.lastEventActivityMs = activity.relativeTimeMillis();
        this.maxTimestamp = Long.MIN_VALUE + boundMs + 1; // no underflow before the first span
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        seen = true;
        lastEventActivityMs = activity.relativeTimeMillis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long watermark = maxTimestamp - boundMs - 1;
        long quietFor = activity.relativeTimeMillis() - lastEventActivityMs;
        if (quietFor >= quietMs) {
            // forward from the last span read, not to the wall clock (a split that never had a
            // span follows the wall clock from its start)
            long from = seen ? maxTimestamp : createdWallMs;
            watermark = Math.max(watermark, from + quietFor - quietMs - boundMs);
        }
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
