package io.aimonitor.agent.ship;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * OTLP protobuf straight to the metrics topic (what the API's ingest and the Collector's kafka
 * exporter write), keyed by host, idempotent with acks from all replicas.
 */
public final class KafkaShipper implements Shipper {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String key;
    private final Duration timeout;

    public KafkaShipper(String bootstrapServers, String topic, String key, Duration timeout) {
        this.topic = topic;
        this.key = key;
        this.timeout = timeout;
        this.producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                                "gzip",
                                ProducerConfig.CLIENT_ID_CONFIG,
                                "aimonitor-agent",
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                (int) timeout.toMillis(),
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                                (int) Math.max(timeout.toMillis(), 1000) + 1000,
                                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                (int) Math.max(timeout.toMillis(), 1000)),
                        new StringSerializer(),
                        new ByteArraySerializer());
    }

    @Override
    public void ship(byte[] request) throws IOException, Rejected {
        try {
            producer.send(new ProducerRecord<>(topic, key, request))
                    .get(timeout.toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw new Rejected(e.getCause().getMessage());
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new IOException("Kafka did not acknowledge: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
