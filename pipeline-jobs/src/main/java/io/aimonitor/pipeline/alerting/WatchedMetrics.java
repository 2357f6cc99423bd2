package io.aimonitor.pipeline.alerting;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names of the metrics some rule watches, followed from the rules topic by a small consumer of
 * its own, so the alerting job's source can skip decoding everything else. Until the topic has been
 * read once, every metric counts as watched (nothing is dropped at start); a rule created since is
 * seen within a poll. One reader per broker and topic per JVM; it stops when nobody asked for ten
 * minutes (its job is gone, or no metrics arrived) or it lost the broker, and starts again at the
 * next question - in the meantime every metric counts as watched, so a rule created while it was
 * stopped still gets its points.
 */
final class WatchedMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedMetrics.class);
    private static final Map<String, WatchedMetrics> READERS = new ConcurrentHashMap<>();
    private static final long IDLE_MS = Duration.ofMinutes(10).toMillis();

    private final String bootstrapServers;
    private final String topic;
    private static final long RETRY_MS = 5_000;

    private volatile Set<String> names;
    private volatile long lastAsked = System.currentTimeMillis();
    private volatile boolean running;
    private volatile long retryAt;

    private WatchedMetrics(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    static WatchedMetrics of(String bootstrapServers, String topic) {
        WatchedMetrics w =
                READERS.computeIfAbsent(
                        bootstrapServers + "/" + topic,
                        key -> new WatchedMetrics(bootstrapServers, topic));
        w.startIfStopped();
        return w;
    }

    boolean watches(String metric) {
        lastAsked = System.currentTimeMillis();
        if (!running) {
            startIfStopped();
        }
        Set<String> known = names;
        return known == null || known.contains(metric);
    }

    private synchronized void startIfStopped() {
        if (running || System.currentTimeMillis() < retryAt) {
            return;
        }
        running = true;
        Thread t = new Thread(this::follow, "watched-metrics-" + topic);
        t.setDaemon(true);
        t.start();
    }

    private void follow() {
        Map<String, String> rules = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "aimonitor-watched-metrics",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            boolean caughtUp = false;
            while (System.currentTimeMillis() - lastAsked < IDLE_MS) {
                boolean changed = false;
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null) {
                        rules.put(r.key(), r.value());
                        changed = true;
                    }
                }
                if (!caughtUp) {
                    caughtUp =
                            partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                    changed |= caughtUp;
                }
                if (caughtUp && changed) {
                    rules.values().removeIf(v -> v == null);
                    names = RuleBook.of(rules.entrySet()).metrics();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Stopped following {} for watched metrics: {}", topic, e.getMessage());
            retryAt = System.currentTimeMillis() + RETRY_MS;
        } finally {
            names = null; // what it knew may be stale by the time it is asked again
            running = false;
        }
    }
}
