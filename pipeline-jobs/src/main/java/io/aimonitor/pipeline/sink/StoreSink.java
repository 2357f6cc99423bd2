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
 * Stores points in ClickHouse exactly once: writers stage RowBinary batches between checkpoints,
 * and a batch is moved into its table only after the checkpoint covering it has completed.
 */
public class StoreSink implements Sink<MetricPoint>, SupportsCommitter<StagedBatch> {
    private final StoreConfig store;
    private final SinkOptions options;

    public StoreSink(StoreConfig store, SinkOptions options) {
        this.store = store;
        this.options = options;
    }

    @Override
    public CommittingSinkWriter<MetricPoint, StagedBatch> createWriter(WriterInitContext context) {
        return new StagingWriter(TelemetryStores.open(store), options, context.metricGroup());
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
