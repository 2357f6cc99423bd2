package io.aimonitor.api.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes raw OTLP records to Kafka. Durable before acknowledged: acks=all with an idempotent
 * producer, so an answered 200 is never lost and a retried send is not written twice. Every wait is
 * bounded by the ingest timeout, after which the record is abandoned and the client told to retry.
 */
public final class KafkaPublisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaPublisher(String bootstrapServers, Duration timeout, long maxRecordBytes) {
        int timeoutMs = (int) timeout.toMillis();
        int lingerMs = 5;
        Map<String, Object> config =
                Map.ofEntries(
                        Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                        Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "aimonitor-ingest"),
                        Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                        Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                        Map.entry(ProducerConfig.LINGER_MS_CONFIG, lingerMs),
                        Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024),
                        Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                        Map.entry(
                                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                                (int) Math.max(maxRecordBytes + 64 * 1024, 1 << 20)),
                        Map.entry(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20),
                        Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs),
                        Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs - lingerMs),
                        Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs));
        this.producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** One record: completes when acknowledged. */
    public CompletableFuture<Void> publish(String topic, byte[] key, byte[] value) {
        return publish(topic, List.of(new KafkaRecords.Record(key, value)));
    }

    /** Completes when every record is acknowledged, or exceptionally with the first failure. */
    CompletableFuture<Void> publish(String topic, List<KafkaRecords.Record> records) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < records.size(); i++) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks[i] = ack;
            KafkaRecords.Record r = records.get(i);
            try {
                producer.send(
                        new ProducerRecord<>(topic, r.key(), r.value()),
                        (metadata, error) -> {
                            if (error != null) {
                                ack.completeExceptionally(error);
                            } else {
                                ack.complete(null);
                            }
                        });
            } catch (RuntimeException e) { // metadata wait timed out, buffer full, or closed
                ack.completeExceptionally(e);
            }
        }
        return CompletableFuture.allOf(acks);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
