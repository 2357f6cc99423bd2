package io.aimonitor.pipeline.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.store.Sql;
import io.aimonitor.store.StoreException;
import io.aimonitor.store.TelemetryStore;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs after a checkpoint completes: moves each staged batch into its table with {@code INSERT ...
 * SELECT} under a token derived from the batch id, then drops the staging partition. Flink commits
 * restored committables again after a recovery; the token makes a repeated move a no-op (and a
 * dropped partition moves nothing), so no row is lost or stored twice. Materialized views (rollups,
 * series) see each batch exactly once for the same reason.
 */
final class StagedBatchCommitter implements Committer<StagedBatch> {
    private static final Logger LOG = LoggerFactory.getLogger(StagedBatchCommitter.class);
    private static final long ORPHAN_CHECK_INTERVAL_MS = 3_600_000;

    private final TelemetryStore store;
    private final SinkOptions options;
    private final Counter batchesCommitted;
    private final Counter rowsCommitted;
    private final long startedAt = System.currentTimeMillis();

    /**
     * The tables this sink commits to: the only ones whose orphans it may drop - another job's
     * staged batch may wait there for a commit that job has yet to run after a long outage.
     */
    private final java.util.Set<TargetTable> ownTables =
            java.util.EnumSet.noneOf(TargetTable.class);

    private long lastOrphanCheck = System.currentTimeMillis();

    StagedBatchCommitter(TelemetryStore store, SinkOptions options, MetricGroup metrics) {
        this.store = store;
        this.options = options;
        this.batchesCommitted = metrics.counter("batchesCommitted");
        this.rowsCommitted = metrics.counter("rowsCommitted");
    }

    @Override
    public void commit(Collection<CommitRequest<StagedBatch>> requests)
            throws IOException, InterruptedException {
        for (CommitRequest<StagedBatch> request : requests) {
            StagedBatch batch = request.getCommittable();
            try {
                StoreRetry.run(options, "committing " + batch, () -> move(batch));
            } catch (IOException e) {
                request.signalFailedWithUnknownReason(e);
                continue;
            }
            batchesCommitted.inc();
            rowsCommitted.inc(batch.rows());
        }
        dropOrphansNowAndThen();
    }

    private void move(StagedBatch batch) {
        TargetTable target = TargetTable.named(batch.table());
        ownTables.add(target);
        String db = store.database();
        String columns = String.join(", ", target.columns);
        String id = Long.toUnsignedString(batch.batchId());
        // One insert block per batch keeps the dedup token's block numbering deterministic.
        store.execute(
                "INSERT INTO "
                        + db
                        + "."
                        + target.table
                        + " ("
                        + columns
                        + ")"
                        + " SETTINGS insert_deduplication_token = "
                        + Sql.literal(batch.dedupToken())
                        + ", max_threads = 1"
                        + ", max_insert_block_size = "
                        + (2L * options.maxRowsPerBatch())
                        + ", min_insert_block_size_rows = "
                        + (2L * options.maxRowsPerBatch())
                        + ", min_insert_block_size_bytes = "
                        + (16L << 30)
                        + " SELECT "
                        + columns
                        + " FROM "
                        + db
                        + "."
                        + target.stagingTable()
                        + " WHERE batch_id = "
                        + id);
        store.execute("ALTER TABLE " + db + "." + target.stagingTable() + " DROP PARTITION " + id);
    }

    /**
     * Drops staging batches no checkpoint will ever commit (written by attempts that failed), in
     * this sink's own tables. Only once every committer has had time to commit what it restored,
     * and only batches far older than any checkpoint interval.
     */
    private void dropOrphansNowAndThen() {
        long now = System.currentTimeMillis();
        if (now - lastOrphanCheck < ORPHAN_CHECK_INTERVAL_MS
                || now - startedAt < ORPHAN_CHECK_INTERVAL_MS) {
            return;
        }
        lastOrphanCheck = now;
        for (TargetTable target : ownTables) {
            try {
                for (JsonNode row :
                        store.query(
                                "SELECT partition FROM system.parts WHERE database = {db:String}"
                                        + " AND table = {t:String} AND active GROUP BY partition"
                                        + " HAVING max(modification_time) < now() - toIntervalSecond({age:UInt32})",
                                Map.of(
                                        "db", store.database(),
                                        "t", target.stagingTable(),
                                        "age", Long.toString(options.orphanAfter().toSeconds())))) {
                    String partition = row.path("partition").asText();
                    if (partition.matches("\\d+")) {
                        store.execute(
                                "ALTER TABLE "
                                        + store.database()
                                        + "."
                                        + target.stagingTable()
                                        + " DROP PARTITION "
                                        + partition);
                        LOG.warn(
                                "Dropped orphaned staging batch {} of {}", partition, target.table);
                    }
                }
            } catch (StoreException e) {
                LOG.warn("Could not drop orphaned staging batches: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
