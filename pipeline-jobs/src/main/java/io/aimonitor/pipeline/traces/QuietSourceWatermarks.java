package io.aimonitor.pipeline.traces;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness that keeps time moving when spans stop: after {@code quietMs} without a
 * span, event time advances from the last span's time as the wall clock does, so the last minute's
 * RED and the last traces' summaries are emitted on a quiet system too instead of waiting for the
 * next span. Spans that arrive after that are late and handled by the windows' allowed lateness.
 */
final class QuietSourceWatermarks<T> implements WatermarkGenerator<T> {
    private final long boundMs;
    private final long quietMs;
    private long maxTimestamp;
    private long lastEventWallMs = System.currentTimeMillis();
    private long emitted = Long.MIN_VALUE;
    private boolean seen;

    QuietSourceWatermarks(long boundMs, long quietMs) {
        this.boundMs = boundMs;
        this.quietMs = quietMs;
        this.maxTimestamp = Long.MIN_VALUE + boundMs + 1; // no underflow before the first span
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        seen = true;
        lastEventWallMs = System.currentTimeMillis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = System.currentTimeMillis();
        long watermark = maxTimestamp - boundMs - 1;
        long quietFor = now - lastEventWallMs;
        if (quietFor >= quietMs) {
            // forward from the last span read, not to the wall clock: a source held back by a slow
            // sink, with a backlog still to read, must not turn that backlog late
            // (a split that never had a span follows the wall clock)
            long from = seen ? maxTimestamp : lastEventWallMs;
            watermark = Math.max(watermark, from + quietFor - quietMs - boundMs);
        }
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
