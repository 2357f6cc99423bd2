package io.aimonitor.api.rules;

import io.aimonitor.api.kafka.TopicWriter;
import io.aimonitor.api.metadata.RuleRepository;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the compacted rules topic say exactly what the store says: every live rule at its current
 * version, a tombstone for every deleted or unknown rule. Runs at start, after a failed publish,
 * and every few minutes.
 */
public final class RuleTopicReconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleTopicReconciler.class);

    private final RuleRepository repository;
    private final TopicWriter writer;
    private final String bootstrapServers;
    private final String topic;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "rules-topic-reconciler");
                        t.setDaemon(true);
                        return t;
                    });

    public RuleTopicReconciler(
            RuleRepository repository, TopicWriter writer, String bootstrapServers, String topic) {
        this.repository = repository;
        this.writer = writer;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    /** Reconciles now (blocking), then every {@code period}. */
    public void start(Duration period) {
        reconcile();
        scheduler.scheduleWithFixedDelay(
                this::reconcileQuietly,
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Asks for a reconciliation soon (after a failed publish). */
    public void requestSoon() {
        scheduler.schedule(this::reconcileQuietly, 10, TimeUnit.SECONDS);
    }

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOG.warn("rules topic reconciliation failed, will retry: {}", e.getMessage());
        }
    }

    /** Returns how many messages it had to write. */
    public synchronized int reconcile() {
        Map<String, String> published = readTopic();
        int fixes = 0;
        for (RuleRepository.StoredRule rule : repository.all()) {
            String expected = rule.deleted() ? null : rule.definition();
            String actual = published.remove(rule.id());
            if (!Objects.equals(expected, actual)) {
                writer.write(topic, rule.id(), expected);
                fixes++;
            }
        }
        for (Map.Entry<String, String> stray : published.entrySet()) {
            if (stray.getValue() != null) {
                writer.write(topic, stray.getKey(), null);
                fixes++;
            }
        }
        if (fixes > 0) {
            LOG.info("Rules topic reconciled with the store: {} message(s) written", fixes);
        }
        return fixes;
    }

    /**
     * The latest value per key (null for a tombstone), read from the beginning to the current end.
     */
    Map<String, String> readTopic() {
        Map<String, String> latest = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                15_000),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "could not read the rules topic to its end within 60 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    latest.put(r.key(), r.value());
                }
            }
        }
        return latest;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
