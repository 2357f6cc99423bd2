package io.aimonitor.pipeline;

import io.aimonitor.pipeline.alerting.AlertingConfig;
import io.aimonitor.pipeline.metrics.MetricsJobConfig;
import io.aimonitor.store.StoreConfig;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Runs a pipeline job on a Flink cluster from {@code flink run} arguments: {@code
 * --kafka.bootstrap-servers}, {@code --clickhouse.url} (with user, password, database), topic
 * names, {@code --checkpoint.dir}, {@code --state.backend}, {@code --checkpoint.interval.seconds}.
 */
public final class ClusterLauncher {
    private ClusterLauncher() {}

    public static void run(
            String[] args,
            String jobName,
            BiConsumer<StreamExecutionEnvironment, MetricsJobConfig> build)
            throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        StoreConfig store =
                StoreConfig.clickhouse(
                        params.get("clickhouse.url", "http://localhost:8123"),
                        params.get("clickhouse.user", "default"),
                        params.get(
                                "clickhouse.password",
                                System.getenv().getOrDefault("AIMONITOR_CLICKHOUSE_PASSWORD", "")),
                        params.get("clickhouse.database", "aimonitor"));
        MetricsJobConfig d =
                MetricsJobConfig.defaults(params.getRequired("kafka.bootstrap-servers"), store);
        AlertingConfig a = d.alerting();
        MetricsJobConfig config =
                new MetricsJobConfig(
                        d.bootstrapServers(),
                        params.get("kafka.topic", d.topic()),
                        params.get("kafka.group-id", d.groupId()),
                        store,
                        d.sink(),
                        d.outOfOrderness(),
                        d.sourceIdleness(),
                        d.seriesIdleTimeout(),
                        a.withTopics(
                                params.get("kafka.rules-topic", a.rulesTopic()),
                                params.get("kafka.alerts-topic", a.alertsTopic()),
                                params.get("kafka.bands-topic", a.bandsTopic())));

        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, params.get("state.backend", "rocksdb"));
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        flink.set(
                CheckpointingOptions.CHECKPOINTING_INTERVAL,
                Duration.ofSeconds(params.getLong("checkpoint.interval.seconds", 10)));
        flink.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        flink.set(PipelineOptions.OBJECT_REUSE, true);
        if (params.has("checkpoint.dir")) {
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, params.get("checkpoint.dir"));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        build.accept(env, config);
        env.execute(jobName);
    }
}
