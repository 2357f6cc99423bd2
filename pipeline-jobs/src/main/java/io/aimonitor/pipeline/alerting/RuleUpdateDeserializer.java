package io.aimonitor.pipeline.alerting;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the rules topic: key = rule id, value = rule JSON or a tombstone. */
public final class RuleUpdateDeserializer implements KafkaRecordDeserializationSchema<RuleUpdate> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RuleUpdate> out) {
        if (record.key() == null) {
            return; // not a rule message
        }
        out.collect(
                new RuleUpdate(
                        new String(record.key(), StandardCharsets.UTF_8),
                        record.value() == null
                                ? null
                                : new String(record.value(), StandardCharsets.UTF_8)));
    }

    @Override
    public TypeInformation<RuleUpdate> getProducedType() {
        return TypeInformation.of(RuleUpdate.class);
    }
}
