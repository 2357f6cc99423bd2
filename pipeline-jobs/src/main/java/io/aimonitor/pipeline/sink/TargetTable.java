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
    APM_RED(
            "apm_red",
            List.of(
                    "scope",
                    "service",
                    "operation",
                    "peer",
                    "ts",
                    "window_ms",
                    "calls",
                    "errors",
                    "duration_sum_ns",
                    "p50_ns",
                    "p95_ns",
                    "p99_ns",
                    "sketch",
                    "slow_trace_id",
                    "slow_duration_ns",
                    "error_trace_id",
                    "version")),
    TRACE_SUMMARIES(
            "trace_summaries",
            List.of(
                    "trace_id",
                    "root_service",
                    "root_operation",
                    "start",
                    "duration_ns",
                    "span_count",
                    "error_count",
                    "services",
                    "version")),
    SLOW_SPANS(
            "slow_spans",
            List.of(
                    "trace_id",
                    "span_id",
                    "service",
                    "operation",
                    "start",
                    "duration_ns",
                    "baseline_ns",
                    "deviation")),
    APM_ERROR_GROUPS(
            "apm_error_groups",
            List.of(
                    "fingerprint",
                    "service",
                    "operation",
                    "exception_type",
                    "message",
                    "ts",
                    "count",
                    "example_trace_id",
                    "version")),
    WEB_VITALS(
            "web_vitals",
            List.of(
                    "ts",
                    "app",
                    "page",
                    "metric",
                    "value",
                    "rating",
                    "browser",
                    "session",
                    "navigation_type")),
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
