package io.aimonitor.api.support;

import io.aimonitor.embedded.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** An in-process broker for a test class, with plain ways to read and write its topics. */
public final class TestKafka implements AutoCloseable {
    private final EmbeddedKafkaBroker broker;

    private TestKafka(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    public static TestKafka start() throws Exception {
        return new TestKafka(
                new EmbeddedKafkaBroker(
                                Files.createTempDirectory(Path.of("target"), "kafka"),
                                "127.0.0.1",
                                0,
                                Map.of())
                        .start());
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Every record of the topic, from the beginning to its current end. */
    /** Every record of a topic with its raw bytes (OTLP protobuf topics). */
    public List<ConsumerRecord<byte[], byte[]>> readAllBytes(String topic) {
        return readAll(topic, new ByteArrayDeserializer());
    }

    public List<ConsumerRecord<String, String>> readAll(String topic) {
        return readAll(topic, new StringDeserializer());
    }

    private <T> List<ConsumerRecord<T, T>> readAll(String topic, Deserializer<T> deserializer) {
        List<ConsumerRecord<T, T>> out = new ArrayList<>();
        try (KafkaConsumer<T, T> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers(),
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false),
                        deserializer,
                        deserializer)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    public void produce(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers(),
                                ProducerConfig.CLIENT_ID_CONFIG,
                                "test-" + UUID.randomUUID()),
                        new StringSerializer(),
                        new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
