package io.aimonitor.pipeline.sink;

import io.aimonitor.store.TelemetryStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.metrics.Counter;

/**
 * Stages rows in RowBinary chunks; at each checkpoint the batches written since the previous one
 * become committables. Writes are synchronous, so a slow store slows the job down (back-pressure)
 * instead of buffering without bound.
 */
final class StagingWriter<T> implements CommittingSinkWriter<T, StagedBatch> {
    private final TelemetryStore store;
    private final SinkOptions options;
    private final RowEncoder<T> encoder;
    private final List<RowEncoder.Tracker<T>> trackers;
    private final Counter rowsStaged;
    private final Map<TargetTable, StagingTable> tables = new EnumMap<>(TargetTable.class);

    StagingWriter(
            TelemetryStore store, SinkOptions options, RowEncoder<T> encoder, Counter rowsStaged) {
        this.store = store;
        this.options = options;
        this.encoder = encoder;
        this.trackers = encoder.trackers();
        this.rowsStaged = rowsStaged;
    }

    @Override
    public void write(T value, Context context) throws IOException, InterruptedException {
        TargetTable target = encoder.table(value);
        StagingTable table = tables.get(target);
        if (table == null) {
            table = new StagingTable(target, store, options, rowsStaged);
            tables.put(target, table);
        }
        table.add(row -> encoder.encode(value, row));
        for (RowEncoder.Tracker<T> tracker : trackers) {
            tracker.observe(value);
        }
    }

    @Override
    public void flush(boolean endOfInput) {
        // staged data is handed over in prepareCommit, which follows every flush
    }

    @Override
    public List<StagedBatch> prepareCommit() throws IOException, InterruptedException {
        for (RowEncoder.Tracker<T> tracker : trackers) {
            tracker.flush(store, options);
        }
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
