package io.aimonitor.pipeline.traces;

import com.google.protobuf.InvalidProtocolBufferException;
import io.aimonitor.schemas.traces.OtlpSpans;
import io.aimonitor.schemas.traces.SpanRecord;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes each Kafka record (an OTLP ExportTraceServiceRequest) into spans. A record that is not
 * valid OTLP is counted and skipped: one bad producer must not stop the pipeline.
 */
public class OtlpSpansDeserializer implements KafkaRecordDeserializationSchema<SpanRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpSpansDeserializer.class);

    private transient Counter undecodable;
    private transient Counter decoded;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        undecodable = context.getMetricGroup().counter("otlpRecordsUndecodable");
        decoded = context.getMetricGroup().counter("otlpSpansDecoded");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SpanRecord> out) {
        if (record.value() == null) {
            return;
        }
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            undecodable.inc();
            LOG.warn(
                    "skipping undecodable span record at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        for (SpanRecord span : OtlpSpans.decode(request)) {
            decoded.inc();
            out.collect(span);
        }
    }

    @Override
    public TypeInformation<SpanRecord> getProducedType() {
        return TypeInformation.of(SpanRecord.class);
    }
}
