package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.alerts.AlertBand;
import io.aimonitor.schemas.alerts.AlertEvent;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The alerting job's Kafka records, JSON keyed by alert fingerprint (one alert stays in order):
 * alert events on {@code alerts}, learned bands on {@code alert_bands}.
 */
public final class AlertEventRecords {
    private AlertEventRecords() {}

    interface Json<T> extends Function<T, String>, Serializable {}

    interface Parse<T> extends Function<String, T>, Serializable {}

    interface Key<T> extends Function<T, String>, Serializable {}

    static KafkaRecordSerializationSchema<AlertEvent> events(String topic) {
        return new Writer<>(topic, AlertEvent::fingerprint, AlertEvent::toJson);
    }

    static KafkaRecordSerializationSchema<AlertBand> bands(String topic) {
        return new Writer<>(topic, b -> b.fingerprint, AlertBand::toJson);
    }

    public static KafkaRecordDeserializationSchema<AlertEvent> eventReader() {
        return new Reader<>(AlertEvent.class, AlertEvent::fromJson);
    }

    public static KafkaRecordDeserializationSchema<AlertBand> bandReader() {
        return new Reader<>(AlertBand.class, AlertBand::fromJson);
    }

    private static final class Writer<T> implements KafkaRecordSerializationSchema<T> {
        private final String topic;
        private final Key<T> key;
        private final Json<T> json;

        Writer(String topic, Key<T> key, Json<T> json) {
            this.topic = topic;
            this.key = key;
            this.json = json;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                T value, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(
                    topic,
                    key.apply(value).getBytes(StandardCharsets.UTF_8),
                    json.apply(value).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final class Reader<T> implements KafkaRecordDeserializationSchema<T> {
        private final Class<T> type;
        private final Parse<T> parse;

        Reader(Class<T> type, Parse<T> parse) {
            this.type = type;
            this.parse = parse;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
            if (record.value() != null) {
                out.collect(parse.apply(new String(record.value(), StandardCharsets.UTF_8)));
            }
        }

        @Override
        public TypeInformation<T> getProducedType() {
            return TypeInformation.of(type);
        }
    }
}
