package io.aimonitor.pipeline.sink;

import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.store.StoreConfig;
import io.aimonitor.store.TelemetryStores;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Stores rows in ClickHouse exactly once: writers stage RowBinary batches between checkpoints, and
 * a batch is moved into its table only after the checkpoint covering it has completed.
 */
public class StoreSink<T> implements Sink<T>, SupportsCommitter<StagedBatch> {
    private final StoreConfig store;
    private final SinkOptions options;
    private final RowEncoder<T> encoder;

    public StoreSink(StoreConfig store, SinkOptions options, RowEncoder<T> encoder) {
        this.store = store;
        this.options = options;
        this.encoder = encoder;
    }

    /** Metric points into samples and histograms. */
    public static StoreSink<MetricPoint> points(StoreConfig store, SinkOptions options) {
        return new StoreSink<>(store, options, new PointRows());
    }

    @Override
    public CommittingSinkWriter<T, StagedBatch> createWriter(WriterInitContext context) {
        return new StagingWriter<>(
                TelemetryStores.open(store),
                options,
                encoder,
                context.metricGroup().counter("rowsStaged"));
    }

    @Override
    public Committer<StagedBatch> createCommitter(CommitterInitContext context) {
        return new StagedBatchCommitter(
                TelemetryStores.open(store), options, context.metricGroup());
    }

    @Override
    public SimpleVersionedSerializer<StagedBatch> getCommittableSerializer() {
        return new StagedBatchSerializer();
    }
}
