package io.aimonitor.pipeline.sink;

import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps {@code metric_metadata} current: a row is written when a metric is first seen by this
 * writer or its type, unit or description changes. The table keeps the newest row per metric, so
 * the same row written by several writers is harmless.
 */
final class MetadataTracker {
    private static final List<String> COLUMNS =
            List.of(
                    "metric",
                    "type",
                    "unit",
                    "description",
                    "monotonic",
                    "temporality",
                    "updated_at");

    private final Map<String, String> known = new HashMap<>();
    private final Map<String, String> descriptions = new HashMap<>();
    private final RowBinaryBuffer pending = new RowBinaryBuffer(4096);

    void observe(MetricPoint p) {
        if (p.description != null) {
            descriptions.put(p.metric, p.description);
        }
        String description = descriptions.getOrDefault(p.metric, "");
        String unit = p.unit == null ? "" : p.unit;
        String temporality =
                p.cumulative
                        ? "cumulative"
                        : p.type == io.aimonitor.schemas.metrics.MetricType.GAUGE ? "" : "delta";
        String signature =
                p.type + "|" + unit + "|" + p.monotonic + "|" + temporality + "|" + description;
        if (signature.equals(known.get(p.metric))) {
            return;
        }
        known.put(p.metric, signature);
        pending.string(p.metric)
                .string(p.type.storedName())
                .string(unit)
                .string(description)
                .uint8(p.monotonic ? 1 : 0)
                .string(temporality)
                .dateTime64Millis(System.currentTimeMillis())
                .endRow();
    }

    void flush(TelemetryStore store, SinkOptions options) throws IOException, InterruptedException {
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
