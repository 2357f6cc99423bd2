package io.aimonitor.pipeline;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** The jobs' Kafka outputs. */
public final class KafkaSinks {
    private KafkaSinks() {}

    /**
     * At least once and without lingering: after a recovery a record may repeat, identical, and
     * every consumer of these topics deduplicates or is idempotent.
     */
    public static <T> KafkaSink<T> atLeastOnce(
            String bootstrapServers, KafkaRecordSerializationSchema<T> records) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(records)
                .setProperty("linger.ms", "0")
                .build();
    }
}
