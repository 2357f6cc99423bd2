package io.aimonitor.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One chDB engine per test JVM (chDB allows one per process), under {@code target/}, closed when
 * the JVM exits. Tests isolate themselves with a database each.
 */
public final class TestStores {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static StoreConfig config;

    private TestStores() {}

    /** The shared engine's config for {@code database}. */
    public static synchronized StoreConfig chdb(String database) {
        if (config == null) {
            Path path =
                    Path.of("target", "chdb-test-" + ProcessHandle.current().pid())
                            .toAbsolutePath();
            config = StoreConfig.chdb(path.toString(), "default");
            TelemetryStore keepOpen = TelemetryStores.open(config);
            Runtime.getRuntime().addShutdownHook(new Thread(keepOpen::close, "chdb-test-shutdown"));
        }
        return config.withDatabase(database);
    }

    /** A database name no other test in this JVM uses. */
    public static String uniqueDatabase(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
    }

    /** A migrated, empty database on the shared engine; close the handle when done. */
    public static TelemetryStore migratedStore(String prefix) {
        TelemetryStore store = TelemetryStores.open(chdb(uniqueDatabase(prefix)));
        ClickHouseSchema.migrate(store, Retention.DEFAULT);
        return store;
    }
}
