package io.aimonitor.pipeline.sink;

import io.aimonitor.store.rowbinary.AlertEventRow;
import java.util.List;
import java.util.stream.Stream;

/** The tables the jobs store rows in, each with its staging twin. */
public enum TargetTable {
    SAMPLES("samples", List.of("metric", "series_id", "ts", "value", "delta")),
    HISTOGRAMS(
            "histograms",
            List.of("metric", "series_id", "ts", "count", "sum", "min", "max", "bounds", "counts")),
    ALERT_EVENTS("alert_events", AlertEventRow.COLUMNS),
    SPANS(
            "spans",
            List.of(
                    "trace_id",
                    "span_id",
                    "parent_span_id",
                    "service",
                    "operation",
                    "kind",
                    "start",
                    "duration_ns",
                    "status_code",
                    "status_message",
                    "attributes",
                    "resource",
                    "events",
                    "exception_type",
                    "exception_message")),
    ALERT_BANDS(
            "alert_bands_1m",
            List.of(
                    "rule_id",
                    "fingerprint",
                    "metric",
                    "series_id",
                    "ts",
                    "value",
                    "lower",
                    "upper",
                    "anomaly_score"));

    final String table;
    final List<String> columns;
    final List<String> stagingColumns;

    TargetTable(String table, List<String> columns) {
        this.table = table;
        this.columns = columns;
        this.stagingColumns = Stream.concat(Stream.of("batch_id"), columns.stream()).toList();
    }

    String stagingTable() {
        return "staging_" + table;
    }

    static TargetTable named(String table) {
        for (TargetTable t : values()) {
            if (t.table.equals(table)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown target table " + table);
    }
}
