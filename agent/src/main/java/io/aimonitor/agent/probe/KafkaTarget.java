package io.aimonitor.agent.probe;

import io.aimonitor.agent.collect.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Kafka through the AdminClient: brokers, topics, partitions, under-replicated partitions, and each
 * consumer group's lag per topic (latest offset minus committed offset).
 */
final class KafkaTarget implements Target {
    private static final long TIMEOUT_S = 10;
    private final Admin admin;

    KafkaTarget(String bootstrapServers) {
        admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                AdminClientConfig.CLIENT_ID_CONFIG,
                                "aimonitor-agent",
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                (int) TimeUnit.SECONDS.toMillis(TIMEOUT_S),
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                5000));
    }

    @Override
    public List<Sample> read() throws Exception {
        List<Sample> out = new ArrayList<>();
        out.add(
                Sample.gauge(
                        "kafka.brokers",
                        "{broker}",
                        admin.describeCluster().nodes().get(TIMEOUT_S, TimeUnit.SECONDS).size()));
        var names = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS);
        Map<String, TopicDescription> topics =
                admin.describeTopics(names).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
        out.add(Sample.gauge("kafka.topics", "{topic}", topics.size()));
        for (TopicDescription t : topics.values()) {
            int under = 0;
            for (TopicPartitionInfo p : t.partitions()) {
                if (p.isr().size() < p.replicas().size()) {
                    under++;
                }
            }
            out.add(
                    Sample.gauge(
                            "kafka.partitions",
                            "{partition}",
                            t.partitions().size(),
                            "topic",
                            t.name()));
            out.add(
                    Sample.gauge(
                            "kafka.partitions.under_replicated",
                            "{partition}",
                            under,
                            "topic",
                            t.name()));
        }
        for (ConsumerGroupListing group :
                admin.listConsumerGroups().all().get(TIMEOUT_S, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group.groupId())
                            .partitionsToOffsetAndMetadata()
                            .get(TIMEOUT_S, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            Map<String, Long> lagByTopic = new HashMap<>();
            committed.forEach(
                    (tp, offset) -> {
                        if (offset != null && ends.containsKey(tp)) {
                            lagByTopic.merge(
                                    tp.topic(),
                                    Math.max(0, ends.get(tp).offset() - offset.offset()),
                                    Long::sum);
                        }
                    });
            lagByTopic.forEach(
                    (topic, lag) ->
                            out.add(
                                    Sample.gauge(
                                            "kafka.consumer_group.lag",
                                            "{message}",
                                            lag,
                                            "group",
                                            group.groupId(),
                                            "topic",
                                            topic)));
        }
        return out;
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
