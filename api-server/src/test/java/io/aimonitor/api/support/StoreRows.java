package io.aimonitor.api.support;

import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes known rows straight into the store's tables, as the metrics job would. */
public final class StoreRows {
    private StoreRows() {}

    /**
     * One series of a gauge: its metadata, index row and one sample every {@code stepMs} from
     * {@code startMs}.
     */
    public static void gauge(
            TelemetryStore store,
            String metric,
            long seriesId,
            Map<String, String> labels,
            long startMs,
            long stepMs,
            double... values) {
        RowBinaryBuffer samples = new RowBinaryBuffer(64 * values.length);
        for (int i = 0; i < values.length; i++) {
            samples.string(metric)
                    .uint64(seriesId)
                    .dateTime64Millis(startMs + i * stepMs)
                    .float64(values[i])
                    .float64(0)
                    .endRow();
        }
        store.insertRowBinary(
                "samples",
                List.of("metric", "series_id", "ts", "value", "delta"),
                samples.array(),
                samples.size(),
                null);
        series(store, metric, seriesId, labels, startMs, startMs + (values.length - 1) * stepMs);
        metadata(store, metric, "gauge", "1", false, startMs);
    }

    /** The series index row: the labels of one series and when it was seen. */
    public static void series(
            TelemetryStore store,
            String metric,
            long seriesId,
            Map<String, String> labels,
            long firstSeenMs,
            long lastSeenMs) {
        String[] pairs = new String[labels.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> l : new TreeMap<>(labels).entrySet()) {
            pairs[i++] = l.getKey();
            pairs[i++] = l.getValue();
        }
        RowBinaryBuffer index = new RowBinaryBuffer(256);
        index.string(metric)
                .uint64(seriesId)
                .stringMap(pairs)
                .dateTime64Millis(firstSeenMs)
                .dateTime64Millis(lastSeenMs)
                .endRow();
        store.insertRowBinary(
                "series",
                List.of("metric", "series_id", "labels", "first_seen", "last_seen"),
                index.array(),
                index.size(),
                null);
    }

    /** A metric's type and unit, as last reported. */
    public static void metadata(
            TelemetryStore store,
            String metric,
            String type,
            String unit,
            boolean monotonic,
            long updatedAtMs) {
        RowBinaryBuffer meta = new RowBinaryBuffer(256);
        meta.string(metric)
                .string(type)
                .string(unit)
                .string("")
                .uint8(monotonic ? 1 : 0)
                .string("")
                .dateTime64Millis(updatedAtMs)
                .endRow();
        store.insertRowBinary(
                "metric_metadata",
                List.of(
                        "metric",
                        "type",
                        "unit",
                        "description",
                        "monotonic",
                        "temporality",
                        "updated_at"),
                meta.array(),
                meta.size(),
                null);
    }
}
