package io.aimonitor.pipeline.sink;

import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.schemas.metrics.MetricType;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps {@code metric_metadata} current: a row is written when a metric is first seen by this
 * writer or its type, unit or description changes. The table keeps the newest row per metric, so
 * the same row written by several writers is harmless.
 */
final class MetadataTracker implements RowEncoder.Tracker<MetricPoint> {
    private static final List<String> COLUMNS =
            List.of(
                    "metric",
                    "type",
                    "unit",
                    "description",
                    "monotonic",
                    "temporality",
                    "updated_at");

    private record Metadata(
            MetricType type,
            String unit,
            boolean monotonic,
            boolean cumulative,
            String description) {
        String temporality() {
            return type == MetricType.GAUGE ? "" : cumulative ? "cumulative" : "delta";
        }
    }

    private final Map<String, Metadata> known = new HashMap<>();
    private final RowBinaryBuffer pending = new RowBinaryBuffer(4096);

    @Override
    public void observe(MetricPoint p) {
        Metadata last = known.get(p.metric);
        String unit = p.unit == null ? "" : p.unit;
        // descriptions ride on the first point of a metric in a request only
        String description =
                p.description != null ? p.description : last != null ? last.description() : "";
        if (last != null
                && last.type() == p.type
                && last.unit().equals(unit)
                && last.monotonic() == p.monotonic
                && last.cumulative() == p.cumulative
                && Objects.equals(last.description(), description)) {
            return;
        }
        Metadata now = new Metadata(p.type, unit, p.monotonic, p.cumulative, description);
        known.put(p.metric, now);
        pending.string(p.metric)
                .string(p.type.storedName())
                .string(unit)
                .string(description)
                .uint8(p.monotonic ? 1 : 0)
                .string(now.temporality())
                .dateTime64Millis(System.currentTimeMillis())
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
                "writing metric metadata",
                () ->
                        store.insertRowBinary(
                                "metric_metadata", COLUMNS, pending.array(), pending.size(), null));
        pending.clear();
    }
}
