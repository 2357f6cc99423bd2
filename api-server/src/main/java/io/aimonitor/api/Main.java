package io.aimonitor.api;

import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.config.ConfigException;
import io.aimonitor.api.config.ConfigLoader;
import io.aimonitor.api.kafka.KafkaTopics;
import io.aimonitor.store.ClickHouseSchema;
import io.aimonitor.store.StoreConfig;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TelemetryStores;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server on its own, in a cluster deployment next to Kafka, ClickHouse and a Flink cluster
 * running the pipeline jobs. (Standalone mode runs everything in one JVM instead.)
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        AimonitorConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv(), Path.of(""));
            if (config.kafka().embedded()) {
                throw new ConfigException(
                        "kafka.bootstrap-servers: the API server alone needs a Kafka cluster (the embedded broker is for standalone mode)");
            }
            if (!StoreConfig.CLICKHOUSE.equals(config.clickhouse().engine())) {
                throw new ConfigException(
                        "clickhouse.engine: the API server alone needs a ClickHouse server ('clickhouse'); chdb is for standalone mode");
            }
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        LoggingSetup.apply(config.logging());
        TelemetryStore store =
                TelemetryStores.open(config.clickhouse().storeConfig(config.dataDir()));
        ClickHouseSchema.migrate(store, config.clickhouse().retention());
        String kafka = config.kafka().bootstrapServers();
        KafkaTopics.ensureAll(kafka, config.kafka());
        ApiComponents components = new ApiComponents(config, store, kafka, Clock.systemUTC());
        components.bootstrapAdmin();
        components.startBackgroundWork();
        Javalin app =
                ApiServer.create(components).start(config.server().host(), config.server().port());
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    app.stop();
                                    components.close();
                                    store.close();
                                },
                                "aimonitor-shutdown"));
        LOG.info("AIMonitor API ready on http://{}:{}", config.server().host(), app.port());
    }
}
