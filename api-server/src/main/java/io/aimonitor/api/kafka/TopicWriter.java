package io.aimonitor.api.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes JSON messages (rules, alert events) to a topic, waiting for the acknowledgement. */
public final class TopicWriter implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final Duration timeout;

    public TopicWriter(String bootstrapServers, String clientId, Duration timeout) {
        this.timeout = timeout;
        this.producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ProducerConfig.CLIENT_ID_CONFIG,
                                clientId,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.LINGER_MS_CONFIG,
                                0,
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                (int) timeout.toMillis(),
                                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                (int) timeout.toMillis(),
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                                (int) timeout.toMillis()),
                        new StringSerializer(),
                        new StringSerializer());
    }

    /** Sends {@code value} (null: a tombstone) under {@code key}; throws when not acknowledged. */
    public void write(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value))
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Kafka did not acknowledge the write to " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
