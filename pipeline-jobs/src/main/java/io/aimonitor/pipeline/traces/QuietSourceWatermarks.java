package io.aimonitor.pipeline.traces;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness that keeps time moving when spans stop: after {@code quietMs} without a
 * span, event time follows the wall clock (less the bound), so the last minute's RED and the last
 * traces' summaries are emitted on a quiet system too instead of waiting for the next span. Spans
 * that arrive after that are late and handled by the windows' allowed lateness.
 */
final class QuietSourceWatermarks<T> implements WatermarkGenerator<T> {
    private final long boundMs;
    private final long quietMs;
    private long maxTimestamp;
    private long lastEventWallMs = System.currentTimeMillis();
    private long emitted = Long.MIN_VALUE;

    QuietSourceWatermarks(long boundMs, long quietMs) {
        this.boundMs = boundMs;
        this.quietMs = quietMs;
        this.maxTimestamp = Long.MIN_VALUE + boundMs + 1; // no underflow before the first span
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        lastEventWallMs = System.currentTimeMillis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = System.currentTimeMillis();
        long watermark = maxTimestamp - boundMs - 1;
        if (now - lastEventWallMs >= quietMs) {
            watermark = Math.max(watermark, now - quietMs - boundMs);
        }
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
