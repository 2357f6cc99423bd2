package io.aimonitor.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerITCase {
    @TempDir Path logs;

    @Test
    void keepsTopicsAndRecordsAcrossARestartOnTheSameDirectory() throws Exception {
        try (EmbeddedKafkaBroker broker =
                new EmbeddedKafkaBroker(logs, "127.0.0.1", 0, Map.of()).start()) {
            assertThat(broker.port()).isPositive();
            try (Admin admin =
                    Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(
                            Map.of(
                                    "bootstrap.servers",
                                    broker.bootstrapServers(),
                                    "acks",
                                    "all",
                                    "enable.idempotence",
                                    true),
                            new StringSerializer(),
                            new StringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("t", "k" + i, "v" + i)).get();
                }
            }
        }

        try (EmbeddedKafkaBroker again =
                new EmbeddedKafkaBroker(logs, "127.0.0.1", 0, Map.of()).start()) {
            assertThat(consumeAll(again.bootstrapServers()))
                    .hasSize(100)
                    .startsWith("v0")
                    .endsWith("v99");
        }
    }

    private static List<String> consumeAll(String bootstrap) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                "bootstrap.servers",
                                bootstrap,
                                "group.id",
                                "g",
                                "auto.offset.reset",
                                "earliest"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.subscribe(List.of("t"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < 100 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
