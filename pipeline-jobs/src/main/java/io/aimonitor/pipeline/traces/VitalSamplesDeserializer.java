package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.rum.VitalSample;
import io.aimonitor.schemas.rum.VitalSamples;
import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The {@code rum} topic's records (validated by the API) back into measurements. */
public class VitalSamplesDeserializer implements KafkaRecordDeserializationSchema<VitalSample> {
    private transient Counter undecodable;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        undecodable = context.getMetricGroup().counter("rumRecordsUndecodable");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<VitalSample> out) {
        if (record.value() == null) {
            return;
        }
        try {
            VitalSamples.decode(record.value()).forEach(out::collect);
        } catch (IOException e) {
            undecodable.inc();
        }
    }

    @Override
    public TypeInformation<VitalSample> getProducedType() {
        return TypeInformation.of(VitalSample.class);
    }
}
