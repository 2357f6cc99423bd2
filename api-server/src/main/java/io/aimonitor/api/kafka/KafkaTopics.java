package io.aimonitor.api.kafka;

import io.aimonitor.api.config.AimonitorConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics AIMonitor writes to when they do not exist yet. */
public final class KafkaTopics {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    private KafkaTopics() {}

    /**
     * Every topic AIMonitor writes: raw metrics and spans, RUM, rules (compacted), alerts, bands.
     */
    public static void ensureAll(String bootstrapServers, AimonitorConfig.Kafka kafka) {
        ensureMetricsTopic(
                bootstrapServers, kafka.metricsTopic(), kafka.partitions(), kafka.maxRecordBytes());
        ensureMetricsTopic(
                bootstrapServers, kafka.spansTopic(), kafka.partitions(), kafka.maxRecordBytes());
        ensure(
                bootstrapServers,
                new NewTopic(kafka.rulesTopic(), 1, (short) -1)
                        .configs(
                                Map.of(
                                        "cleanup.policy",
                                        "compact",
                                        "min.compaction.lag.ms",
                                        "60000")));
        ensure(bootstrapServers, new NewTopic(kafka.rumTopic(), kafka.partitions(), (short) -1));
        ensure(bootstrapServers, new NewTopic(kafka.alertsTopic(), kafka.partitions(), (short) -1));
        ensure(bootstrapServers, new NewTopic(kafka.bandsTopic(), kafka.partitions(), (short) -1));
    }

    /** A raw OTLP topic (metrics, spans), sized for the largest record ingest writes. */
    public static void ensureMetricsTopic(
            String bootstrapServers, String topic, int partitions, long maxRecordBytes) {
        ensure(
                bootstrapServers,
                new NewTopic(topic, partitions, (short) -1)
                        .configs(
                                Map.of(
                                        "max.message.bytes",
                                        Long.toString(maxRecordBytes + 64 * 1024))));
    }

    static void ensure(String bootstrapServers, NewTopic topic) {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (existing.contains(topic.name())) {
                return;
            }
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            LOG.info("Created Kafka topic {} ({} partitions)", topic.name(), topic.numPartitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "cannot create Kafka topic "
                                + topic.name()
                                + ": "
                                + e.getCause().getMessage(),
                        e);
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot reach Kafka at "
                            + bootstrapServers
                            + " to create "
                            + topic.name()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }
}
