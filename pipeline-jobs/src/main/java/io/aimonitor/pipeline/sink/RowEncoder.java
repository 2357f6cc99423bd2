package io.aimonitor.pipeline.sink;

import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/** How a stream's elements become rows: which table, which RowBinary columns. */
public interface RowEncoder<T> extends Serializable {
    TargetTable table(T value);

    /** Appends the value's columns (without batch_id). */
    void encode(T value, RowBinaryBuffer row);

    /** Side tables a writer maintains from what it sees, written before each commit. */
    default List<Tracker<T>> trackers() {
        return List.of();
    }

    /** Keeps a side table (series index, metadata) up to date. */
    interface Tracker<T> {
        void observe(T value);

        void flush(TelemetryStore store, SinkOptions options)
                throws IOException, InterruptedException;
    }
}
