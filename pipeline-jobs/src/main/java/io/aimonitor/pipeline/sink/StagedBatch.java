package io.aimonitor.pipeline.sink;

/**
 * Rows written to a staging table under one batch id, waiting for the checkpoint that covers them
 * to complete before they are moved into the real table.
 */
public record StagedBatch(String table, long batchId, long rows) {
    /** The insert_deduplication_token that makes moving the batch idempotent. */
    String dedupToken() {
        return table + "-" + Long.toUnsignedString(batchId);
    }
}
