package io.aimonitor.pipeline.sink;

import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.metrics.Counter;

/**
 * Buffers one table's rows and writes them, in chunks, to its staging table under the current batch
 * id. Batch ids are random, so a batch written by an attempt that later failed is never committed;
 * chunk writes carry a dedup token so a retried chunk is not staged twice.
 */
final class StagingTable {
    private final TargetTable target;
    private final TelemetryStore store;
    private final SinkOptions options;
    private final Counter rowsStaged;
    private final RowBinaryBuffer buffer;
    private final List<StagedBatch> sealed = new ArrayList<>();
    private long batchId = newBatchId();
    private long rowsInBatch;
    private int chunk;

    StagingTable(
            TargetTable target, TelemetryStore store, SinkOptions options, Counter rowsStaged) {
        this.target = target;
        this.store = store;
        this.options = options;
        this.rowsStaged = rowsStaged;
        this.buffer = new RowBinaryBuffer(Math.min(options.chunkBytes(), 1 << 20));
    }

    /** Adds one row, its columns appended by {@code columns}. */
    void add(java.util.function.Consumer<RowBinaryBuffer> columns)
            throws IOException, InterruptedException {
        buffer.uint64(batchId);
        columns.accept(buffer);
        buffer.endRow();
        rowsInBatch++;
        if (buffer.size() >= options.chunkBytes()) {
            spill();
        }
        if (rowsInBatch >= options.maxRowsPerBatch()) {
            seal();
        }
    }

    /** Writes what is buffered and hands over every batch completed since the last call. */
    List<StagedBatch> prepareCommit() throws IOException, InterruptedException {
        seal();
        List<StagedBatch> ready = List.copyOf(sealed);
        sealed.clear();
        return ready;
    }

    private void seal() throws IOException, InterruptedException {
        spill();
        if (rowsInBatch > 0) {
            sealed.add(new StagedBatch(target.table, batchId, rowsInBatch));
        }
        batchId = newBatchId();
        rowsInBatch = 0;
        chunk = 0;
    }

    private void spill() throws IOException, InterruptedException {
        if (buffer.rows() == 0) {
            return;
        }
        String token = Long.toUnsignedString(batchId) + "-" + chunk;
        StoreRetry.run(
                options,
                "staging " + buffer.rows() + " rows into " + target.stagingTable(),
                () ->
                        store.insertRowBinary(
                                target.stagingTable(),
                                target.stagingColumns,
                                buffer.array(),
                                buffer.size(),
                                token));
        rowsStaged.inc(buffer.rows());
        chunk++;
        buffer.clear();
    }

    private static long newBatchId() {
        return ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    }
}
