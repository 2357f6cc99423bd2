package io.aimonitor.pipeline.sink;

import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.util.List;

/** The tables points are stored in, each with its staging twin and its RowBinary encoding. */
enum TargetTable {
    SAMPLES("samples", List.of("metric", "series_id", "ts", "value", "delta")) {
        @Override
        void encode(MetricPoint p, RowBinaryBuffer row) {
            row.string(p.metric)
                    .uint64(p.seriesId)
                    .dateTime64Millis(p.timestampMs)
                    .float64(p.value)
                    .float64(p.delta);
        }
    },
    HISTOGRAMS(
            "histograms",
            List.of(
                    "metric",
                    "series_id",
                    "ts",
                    "count",
                    "sum",
                    "min",
                    "max",
                    "bounds",
                    "counts")) {
        @Override
        void encode(MetricPoint p, RowBinaryBuffer row) {
            row.string(p.metric)
                    .uint64(p.seriesId)
                    .dateTime64Millis(p.timestampMs)
                    .uint64(p.count)
                    .float64(p.sum)
                    .float64(p.min)
                    .float64(p.max)
                    .float64Array(p.bounds)
                    .uint64Array(p.bucketCounts);
        }
    };

    final String table;
    final List<String> columns;
    final List<String> stagingColumns;

    TargetTable(String table, List<String> columns) {
        this.table = table;
        this.columns = columns;
        this.stagingColumns =
                java.util.stream.Stream.concat(
                                java.util.stream.Stream.of("batch_id"), columns.stream())
                        .toList();
    }

    String stagingTable() {
        return "staging_" + table;
    }

    static TargetTable of(MetricPoint p) {
        return p.type.isHistogram() ? HISTOGRAMS : SAMPLES;
    }

    static TargetTable named(String table) {
        for (TargetTable t : values()) {
            if (t.table.equals(table)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown target table " + table);
    }

    /** Appends the point's columns (without batch_id). */
    abstract void encode(MetricPoint p, RowBinaryBuffer row);
}
