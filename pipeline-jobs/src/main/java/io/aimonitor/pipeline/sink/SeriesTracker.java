package io.aimonitor.pipeline.sink;

import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.io.IOException;
import java.util.List;

/**
 * Keeps the {@code series} index current: a series' labels are written when this writer first sees
 * it, and again every {@link #REFRESH_MS} to move its last_seen forward. The table aggregates rows
 * per series (any labels, min first_seen, max last_seen), so repeats from other writers or after a
 * restart are harmless. Written before the samples of the same checkpoint are committed, so a
 * visible sample always has its labels.
 */
final class SeriesTracker implements RowEncoder.Tracker<MetricPoint> {
    static final long REFRESH_MS = 10 * 60_000L;
    private static final int MAX_TRACKED = 2_000_000;
    private static final List<String> COLUMNS =
            List.of("metric", "series_id", "labels", "first_seen", "last_seen");

    private final LongLongMap lastWritten = new LongLongMap(1 << 16, MAX_TRACKED);
    private final RowBinaryBuffer pending = new RowBinaryBuffer(1 << 16);

    @Override
    public void observe(MetricPoint p) {
        long written = lastWritten.get(p.seriesId, Long.MIN_VALUE);
        if (written != Long.MIN_VALUE && p.timestampMs - written < REFRESH_MS) {
            return;
        }
        lastWritten.put(p.seriesId, p.timestampMs);
        pending.string(p.metric)
                .uint64(p.seriesId)
                .stringMap(p.labels)
                .dateTime64Millis(p.timestampMs)
                .dateTime64Millis(p.timestampMs)
                .endRow();
    }

    @Override
    public void flush(TelemetryStore store, SinkOptions options)
            throws IOException, InterruptedException {
        if (pending.rows() == 0) {
            return;
        }
        StoreRetry.run(
                options,
                "writing " + pending.rows() + " series",
                () ->
                        store.insertRowBinary(
                                "series", COLUMNS, pending.array(), pending.size(), null));
        pending.clear();
    }
}
