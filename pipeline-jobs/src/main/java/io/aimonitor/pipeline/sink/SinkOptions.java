package io.aimonitor.pipeline.sink;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the store sink batches and retries.
 *
 * @param chunkBytes RowBinary bytes buffered before they are written to the staging table
 * @param maxRowsPerBatch rows per committed batch; a checkpoint may commit several batches
 * @param attempts tries per store write before the task fails (and restarts from its checkpoint)
 * @param firstBackoff wait after the first failed try; doubled after each further one
 * @param orphanAfter age after which a never-committed staging batch is dropped
 */
public record SinkOptions(
        int chunkBytes,
        int maxRowsPerBatch,
        int attempts,
        Duration firstBackoff,
        Duration orphanAfter)
        implements Serializable {

    public static final SinkOptions DEFAULT =
            new SinkOptions(8 << 20, 500_000, 8, Duration.ofMillis(200), Duration.ofHours(24));
}
