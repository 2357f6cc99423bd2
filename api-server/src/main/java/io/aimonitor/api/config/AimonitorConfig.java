package io.aimonitor.api.config;

import io.aimonitor.store.Retention;
import io.aimonitor.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The whole configuration of one AIMonitor process, loaded and validated once at start. */
public record AimonitorConfig(
        Server server,
        Path dataDir,
        Database database,
        Redis redis,
        Jwt jwt,
        Auth auth,
        Kafka kafka,
        ClickHouse clickhouse,
        Flink flink,
        Query query,
        Apm apm,
        Ai ai,
        Email email,
        Notifications notifications,
        Logging logging) {

    public record Server(
            String host,
            int port,
            long maxRequestBytes,
            long maxDecompressedBytes,
            boolean ingestAuthRequired,
            List<String> allowedOrigins,
            boolean publicMetrics,
            int otlpGrpcPort) {}

    /** {@code type} is sqlite or postgresql. */
    public record Database(String type, String url, String user, String password, int poolSize) {
        public boolean sqlite() {
            return "sqlite".equals(type);
        }
    }

    /** Empty url: in-process equivalents. */
    public record Redis(String url, String keyPrefix) {
        public boolean configured() {
            return !url.isEmpty();
        }
    }

    public record Jwt(
            String algorithm,
            String secret,
            String privateKeyFile,
            String publicKeyFile,
            String issuer,
            String audience,
            Duration accessTokenTtl,
            Duration refreshTokenTtl) {}

    public record Auth(
            String adminUsername,
            String adminPassword,
            int maxFailuresPerAccount,
            int maxFailuresPerAddress,
            Duration failureWindow) {}

    /**
     * @param maxRetries transport retries of one call (timeouts, 429, 5xx)
     * @param callsPerMinute at most this many calls to the model in any minute
     * @param callsPerDay ... and in any 24 hours
     */
    public record Ai(
            String provider,
            String baseUrl,
            String apiKey,
            String model,
            Duration timeout,
            int maxRetries,
            int callsPerMinute,
            int callsPerDay) {}

    public record Email(
            String smtpHost,
            int smtpPort,
            String security,
            String username,
            String password,
            String from) {}

    /**
     * @param allowedHosts hosts, addresses and CIDR networks channels may reach although private
     * @param secretKey base64 AES key for channel secrets; empty: one kept in the data directory
     */
    public record Notifications(
            String publicUrl,
            List<String> allowedHosts,
            String secretKey,
            Duration timeout,
            int maxAttempts) {}

    public record Logging(String level, String format) {}

    /**
     * Trace analytics in the traces job.
     *
     * @param window RED and error-group window
     * @param outOfOrderness how far spans may arrive out of order and still be on time
     * @param allowedLateness how long after its window closes a late span still corrects it
     * @param traceQuiet a trace is summarised once none of its spans has ended for this long
     */
    public record Apm(
            Duration window,
            Duration outOfOrderness,
            Duration allowedLateness,
            Duration traceQuiet) {}

    public record Kafka(
            String bootstrapServers,
            String embeddedHost,
            int embeddedPort,
            String metricsTopic,
            String spansTopic,
            String rumTopic,
            String rulesTopic,
            String alertsTopic,
            String bandsTopic,
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

    public record Query(int maxPoints, Duration cacheTtl) {}
}
