package io.aimonitor.pipeline.sink;

import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.store.TelemetryStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Stages points in RowBinary chunks; at each checkpoint the batches written since the previous one
 * become committables. Writes are synchronous, so a slow store slows the job down (back-pressure)
 * instead of buffering without bound.
 */
final class StagingWriter implements CommittingSinkWriter<MetricPoint, StagedBatch> {
    private final TelemetryStore store;
    private final SinkOptions options;
    private final Map<TargetTable, StagingTable> tables = new EnumMap<>(TargetTable.class);
    private final MetadataTracker metadata = new MetadataTracker();
    private final SeriesTracker series = new SeriesTracker();

    StagingWriter(TelemetryStore store, SinkOptions options, MetricGroup metrics) {
        this.store = store;
        this.options = options;
        Counter rowsStaged = metrics.counter("rowsStaged");
        for (TargetTable t : TargetTable.values()) {
            tables.put(t, new StagingTable(t, store, options, rowsStaged));
        }
    }

    @Override
    public void write(MetricPoint point, Context context) throws IOException, InterruptedException {
        tables.get(TargetTable.of(point)).add(point);
        series.observe(point);
        metadata.observe(point);
    }

    @Override
    public void flush(boolean endOfInput) {
        // staged data is handed over in prepareCommit, which follows every flush
    }

    @Override
    public List<StagedBatch> prepareCommit() throws IOException, InterruptedException {
        // labels and metadata first: a sample must never be visible without its series
        series.flush(store, options);
        metadata.flush(store, options);
        List<StagedBatch> batches = new ArrayList<>();
        for (StagingTable t : tables.values()) {
            batches.addAll(t.prepareCommit());
        }
        return batches;
    }

    @Override
    public void close() {
        store.close();
    }
}
