package io.aimonitor.pipeline.metrics;

import io.aimonitor.pipeline.alerting.AlertingConfig;
import io.aimonitor.pipeline.sink.SinkOptions;
import io.aimonitor.store.StoreConfig;
import java.io.Serializable;
import java.time.Duration;

/**
 * Everything the metrics job needs, built by its caller: {@link MetricsJob#main} from arguments on
 * a cluster, the standalone launcher from its configuration.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic the raw OTLP metrics topic
 * @param groupId consumer group (offsets live in Flink checkpoints; the group is for monitoring)
 * @param store where points are stored
 * @param sink batching and retry of the store sink
 * @param outOfOrderness how late a point may be and still count as in order for event time
 * @param sourceIdleness after this long without data a Kafka partition stops holding back time
 * @param seriesIdleTimeout per-series state is dropped this long after a series' last point
 * @param alerting rule evaluation on the same points, or null for none
 */
public record MetricsJobConfig(
        String bootstrapServers,
        String topic,
        String groupId,
        StoreConfig store,
        SinkOptions sink,
        Duration outOfOrderness,
        Duration sourceIdleness,
        Duration seriesIdleTimeout,
        AlertingConfig alerting)
        implements Serializable {

    public static final String DEFAULT_TOPIC = "otlp_metrics";
    public static final String DEFAULT_GROUP = "aimonitor-metrics";

    public static MetricsJobConfig defaults(String bootstrapServers, StoreConfig store) {
        return new MetricsJobConfig(
                bootstrapServers,
                DEFAULT_TOPIC,
                DEFAULT_GROUP,
                store,
                SinkOptions.DEFAULT,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                AlertingConfig.DEFAULT);
    }
}
