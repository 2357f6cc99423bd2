package io.aimonitor.standalone;

import io.aimonitor.api.ApiComponents;
import io.aimonitor.api.ApiServer;
import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.kafka.KafkaTopics;
import io.aimonitor.embedded.kafka.EmbeddedKafkaBroker;
import io.aimonitor.pipeline.alerting.AlertingConfig;
import io.aimonitor.pipeline.alerting.AlertingJob;
import io.aimonitor.pipeline.metrics.MetricsJob;
import io.aimonitor.pipeline.metrics.MetricsJobConfig;
import io.aimonitor.pipeline.traces.TraceAnalyticsOptions;
import io.aimonitor.pipeline.traces.TracesJob;
import io.aimonitor.store.ClickHouseSchema;
import io.aimonitor.store.StoreConfig;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TelemetryStores;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM. Starts the store, Kafka, Flink and the API in dependency order and
 * stops them in reverse: ingest first (no new data), then Flink with a final savepoint (everything
 * accepted is committed), then Kafka, and chDB last.
 */
public final class StandaloneSystem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneSystem.class);

    private final AimonitorConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private String readyLine;

    public StandaloneSystem(AimonitorConfig config) {
        this.config = config;
    }

    public StandaloneSystem start() throws Exception {
        long begin = System.nanoTime();
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        try {
            started.push(DataDirLock.acquire(dataDir));

            StoreConfig storeConfig = config.clickhouse().storeConfig(dataDir);
            TelemetryStore store = TelemetryStores.open(storeConfig);
            started.push(store);
            ClickHouseSchema.migrate(store, config.clickhouse().retention());

            String bootstrap = config.kafka().bootstrapServers();
            if (config.kafka().embedded()) {
                EmbeddedKafkaBroker broker =
                        new EmbeddedKafkaBroker(
                                        dataDir.resolve("kafka"),
                                        config.kafka().embeddedHost(),
                                        config.kafka().embeddedPort(),
                                        Map.of(
                                                "message.max.bytes",
                                                Long.toString(
                                                        config.kafka().maxRecordBytes() + 65536)))
                                .start();
                started.push(broker);
                bootstrap = broker.bootstrapServers();
            }
            KafkaTopics.ensureAll(bootstrap, config.kafka());

            FlinkRunner flink = FlinkRunner.start(config.flink(), dataDir.resolve("flink"));
            started.push(flink);
            MetricsJobConfig defaults = MetricsJobConfig.defaults(bootstrap, storeConfig);
            MetricsJobConfig jobConfig =
                    new MetricsJobConfig(
                            bootstrap,
                            config.kafka().metricsTopic(),
                            defaults.groupId(),
                            storeConfig,
                            defaults.sink(),
                            defaults.outOfOrderness(),
                            defaults.sourceIdleness(),
                            defaults.seriesIdleTimeout(),
                            AlertingConfig.DEFAULT.withTopics(
                                    config.kafka().rulesTopic(),
                                    config.kafka().alertsTopic(),
                                    config.kafka().bandsTopic()));
            flink.run("aimonitor-metrics", env -> MetricsJob.build(env, jobConfig));
            flink.run("aimonitor-alerting", env -> AlertingJob.build(env, jobConfig));
            flink.run(
                    "aimonitor-traces",
                    env ->
                            TracesJob.build(
                                    env,
                                    jobConfig,
                                    new TracesJob.Topics(
                                            config.kafka().spansTopic(), config.kafka().rumTopic()),
                                    analyticsOptions(config)));

            ApiComponents api = new ApiComponents(config, store, bootstrap, Clock.systemUTC());
            started.push(api);
            api.bootstrapAdmin();
            api.startBackgroundWork();
            Javalin server =
                    ApiServer.create(api).start(config.server().host(), config.server().port());
            started.push(server::stop);

            String host =
                    config.server().host().equals("0.0.0.0") ? "localhost" : config.server().host();
            String base = "http://" + host + ":" + server.port();
            int grpcPort = config.server().otlpGrpcPort();
            readyLine =
                    String.format(
                            "AIMonitor ready in %.1f s: API %s, OTLP/HTTP %s/v1/{metrics,traces}%s, Kafka %s, Flink %s, data %s",
                            (System.nanoTime() - begin) / 1e9,
                            base,
                            base,
                            grpcPort == 0 ? "" : ", OTLP/gRPC " + host + ":" + grpcPort,
                            bootstrap,
                            flink.restUrl(),
                            dataDir);
            return this;
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    public String readyLine() {
        return readyLine;
    }

    /** Stops in reverse start order; chDB (opened first) closes last. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.error("stopping {} failed", part, e);
            }
        }
    }

    private static TraceAnalyticsOptions analyticsOptions(AimonitorConfig config) {
        AimonitorConfig.Apm apm = config.apm();
        TraceAnalyticsOptions d = TraceAnalyticsOptions.DEFAULT;
        return new TraceAnalyticsOptions(
                apm.window(),
                apm.outOfOrderness(),
                apm.allowedLateness(),
                apm.traceQuiet(),
                d.traceRetention(),
                d.quietSource(),
                d.slowDeviation(),
                d.slowRatio(),
                config.kafka().metricsTopic());
    }
}
