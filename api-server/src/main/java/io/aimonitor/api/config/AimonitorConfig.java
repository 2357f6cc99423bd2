package io.aimonitor.api.config;

import io.aimonitor.store.Retention;
import io.aimonitor.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;

/** The whole configuration of one AIMonitor process, loaded and validated once at start. */
public record AimonitorConfig(
        Server server, Path dataDir, Kafka kafka, ClickHouse clickhouse, Flink flink, Query query) {

    public record Server(String host, int port, long maxRequestBytes, long maxDecompressedBytes) {}

    public record Kafka(
            String bootstrapServers,
            String embeddedHost,
            int embeddedPort,
            String metricsTopic,
            int partitions,
            Duration ingestTimeout,
            long maxRecordBytes) {

        public boolean embedded() {
            return bootstrapServers.isEmpty();
        }
    }

    public record ClickHouse(
            String engine,
            String url,
            String user,
            String password,
            String database,
            String embeddedLibrary,
            int embeddedConnections,
            long embeddedMaxMemoryBytes,
            Retention retention) {

        /** The store this config describes; the in-process engine lives under {@code dataDir}. */
        public StoreConfig storeConfig(Path dataDir) {
            if (StoreConfig.CLICKHOUSE.equals(engine)) {
                return StoreConfig.clickhouse(url, user, password, database);
            }
            return new StoreConfig(
                    StoreConfig.CHDB,
                    database,
                    dataDir.resolve("clickhouse").toAbsolutePath().toString(),
                    embeddedLibrary.isEmpty() ? null : embeddedLibrary,
                    embeddedConnections,
                    embeddedMaxMemoryBytes,
                    null,
                    null,
                    null);
        }
    }

    public record Flink(
            int parallelism, Duration checkpointInterval, String stateBackend, int restPort) {}

    public record Query(int maxPoints) {}
}
