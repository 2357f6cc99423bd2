package io.aimonitor.store;

import io.aimonitor.store.chdb.ChdbEngine;
import io.aimonitor.store.chdb.ChdbLibraryLocator;
import io.aimonitor.store.chdb.ChdbStore;
import io.aimonitor.store.clickhouse.ClickHouseServerStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens store handles, sharing one engine per process. Sharing is process-wide by nature: chDB
 * allows one engine per process, and every Flink subtask in a task manager should share one HTTP
 * connection pool. An engine closes when its last handle closes.
 */
public final class TelemetryStores {
    private static final Map<String, SharedEngine> ENGINES = new HashMap<>();

    private TelemetryStores() {}

    private static final class SharedEngine {
        final Object engine;
        int handles;

        SharedEngine(Object engine) {
            this.engine = engine;
        }
    }

    public static synchronized TelemetryStore open(StoreConfig config) {
        String key =
                StoreConfig.CHDB.equals(config.engine())
                        ? "chdb:" + Path.of(config.chdbPath()).toAbsolutePath().normalize()
                        : config.url() + "|" + config.user();
        SharedEngine shared = ENGINES.get(key);
        if (shared == null) {
            shared = new SharedEngine(openEngine(config));
            ENGINES.put(key, shared);
        }
        shared.handles++;
        SharedEngine owner = shared;
        Runnable release = () -> release(key, owner);
        if (owner.engine instanceof ChdbEngine chdb) {
            return new ChdbStore(chdb, config.database(), release);
        }
        return new ClickHouseServerStore.Handle(
                (ClickHouseServerStore) owner.engine, config.database(), release);
    }

    private static Object openEngine(StoreConfig config) {
        if (StoreConfig.CHDB.equals(config.engine())) {
            Path library =
                    new ChdbLibraryLocator(
                                    ChdbLibraryLocator.defaultCacheRoot(),
                                    ChdbLibraryLocator.DEFAULT_REGISTRY)
                            .locate(
                                    config.chdbLibrary() == null
                                            ? null
                                            : Path.of(config.chdbLibrary()));
            return ChdbEngine.open(
                    library,
                    Path.of(config.chdbPath()),
                    config.chdbConnections(),
                    config.chdbMaxMemoryBytes());
        }
        return new ClickHouseServerStore(config.url(), config.user(), config.password());
    }

    private static synchronized void release(String key, SharedEngine shared) {
        if (--shared.handles > 0) {
            return;
        }
        ENGINES.remove(key);
        if (shared.engine instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new StoreException("closing " + key + " failed", e);
            }
        }
    }
}
