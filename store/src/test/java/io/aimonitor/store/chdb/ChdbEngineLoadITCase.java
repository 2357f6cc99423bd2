package io.aimonitor.store.chdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The failure mode this guards against: if chDB installs its own SIGSEGV/SIGBUS handlers, the JVM
 * (which uses those signals for implicit null checks, safepoints and stack banging) misbehaves
 * under GC and exception load - queries fail with "server is shutting down" and the process hangs.
 * A light test passes either way, so this one keeps the engine busy while other threads provoke
 * exactly those signals.
 */
class ChdbEngineLoadITCase {
    private static final Duration LOAD = Duration.ofSeconds(15);

    @Test
    void concurrentQueriesSurviveGarbageAndExceptionChurn() throws Exception {
        try (TelemetryStore store = TestStores.migratedStore("load")) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong queries = new AtomicLong();
            AtomicLong npes = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                work.add(
                        pool.submit(
                                () -> {
                                    long i = 0;
                                    while (!stop.get()) {
                                        RowBinaryBuffer rows = new RowBinaryBuffer(4096);
                                        for (int r = 0; r < 200; r++, i++) {
                                            rows.string("load")
                                                    .uint64(writer)
                                                    .dateTime64Millis(
                                                            System.currentTimeMillis()
                                                                    - 3_600_000L
                                                                    + i)
                                                    .float64(i)
                                                    .float64(1)
                                                    .endRow();
                                        }
                                        store.insertRowBinary(
                                                "samples",
                                                List.of(
                                                        "metric",
                                                        "series_id",
                                                        "ts",
                                                        "value",
                                                        "delta"),
                                                rows.array(),
                                                rows.size(),
                                                null);
                                        store.query(
                                                "SELECT count() AS n, quantile(0.9)(value) AS q FROM "
                                                        + store.database()
                                                        + ".samples WHERE series_id = {s:UInt64}",
                                                java.util.Map.of("s", "" + writer));
                                        queries.incrementAndGet();
                                    }
                                    return null;
                                }));
            }
            work.add(
                    pool.submit(
                            () -> {
                                while (!stop.get()) {
                                    List<byte[]> garbage = new ArrayList<>();
                                    for (int i = 0; i < 2_000; i++) {
                                        garbage.add(new byte[1024 + (i % 7) * 512]);
                                    }
                                    System.gc();
                                    garbage.clear();
                                }
                                return null;
                            }));
            work.add(
                    pool.submit(
                            () -> {
                                while (!stop.get()) {
                                    try {
                                        implicitNullCheck(null);
                                    } catch (NullPointerException expected) {
                                        npes.incrementAndGet();
                                    }
                                    try {
                                        recurse(0);
                                    } catch (StackOverflowError expected) {
                                        // provoked on purpose: the JVM handles it through a guard
                                        // page (SIGSEGV)
                                    }
                                }
                                return null;
                            }));

            Thread.sleep(LOAD.toMillis());
            stop.set(true);
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS); // rethrows any store error; times out on a hang
            }
            pool.shutdown();

            long stored =
                    store.query("SELECT count() AS n FROM " + store.database() + ".samples")
                            .get(0)
                            .path("n")
                            .asLong();
            assertThat(queries.get()).isGreaterThan(10);
            assertThat(npes.get()).isGreaterThan(100);
            assertThat(stored).isEqualTo(queries.get() * 200);
        }
    }

    private static int implicitNullCheck(int[] array) {
        return array.length; // a real SIGSEGV-backed null check, not an explicit throw
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
