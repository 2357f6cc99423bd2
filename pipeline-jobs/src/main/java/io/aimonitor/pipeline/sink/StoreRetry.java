package io.aimonitor.pipeline.sink;

import io.aimonitor.store.StoreException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a store write with exponential backoff. A write that still fails surfaces as an
 * IOException, failing the task so that Flink restarts it from its last checkpoint: data is
 * delayed, never dropped.
 */
final class StoreRetry {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRetry.class);
    private static final long MAX_BACKOFF_MS = 10_000;

    private StoreRetry() {}

    static void run(SinkOptions options, String what, Runnable write)
            throws IOException, InterruptedException {
        long backoff = options.firstBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (StoreException e) {
                if (attempt >= options.attempts()) {
                    throw new IOException(
                            what + " failed after " + attempt + " attempts: " + e.getMessage(), e);
                }
                LOG.warn(
                        "{} failed (attempt {} of {}), retrying in {} ms: {}",
                        what,
                        attempt,
                        options.attempts(),
                        backoff,
                        e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }
}
