package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.alerts.AlertEvent;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Alert events as Kafka records: key = fingerprint (one alert stays in order), value = JSON. */
final class AlertEventRecords implements KafkaRecordSerializationSchema<AlertEvent> {
    private final String topic;

    AlertEventRecords(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            AlertEvent event, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                event.fingerprint().getBytes(StandardCharsets.UTF_8),
                event.toJson().getBytes(StandardCharsets.UTF_8));
    }
}
