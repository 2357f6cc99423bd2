package io.aimonitor.pipeline.metrics;

import com.google.protobuf.InvalidProtocolBufferException;
import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.schemas.otlp.DecodeStats;
import io.aimonitor.schemas.otlp.OtlpMetricsDecoder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes each Kafka record (an OTLP ExportMetricsServiceRequest, as the OpenTelemetry Collector's
 * kafka exporter writes it) once, straight into points. A record that is not valid OTLP is counted
 * and skipped: one bad producer must not stop the pipeline.
 */
public class OtlpMetricsDeserializer implements KafkaRecordDeserializationSchema<MetricPoint> {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpMetricsDeserializer.class);

    private transient OtlpMetricsDecoder decoder;
    private transient java.util.List<MetricPoint> decoded;
    private transient Counter undecodable;
    private transient Counter rejectedPoints;
    private transient Counter decodedPoints;
    private transient long lastWarning;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = new OtlpMetricsDecoder();
        decoded = new java.util.ArrayList<>();
        undecodable = context.getMetricGroup().counter("otlpRecordsUndecodable");
        rejectedPoints = context.getMetricGroup().counter("otlpPointsRejected");
        decodedPoints = context.getMetricGroup().counter("otlpPointsDecoded");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<MetricPoint> out) {
        if (record.value() == null) {
            return; // a tombstone carries no telemetry
        }
        ExportMetricsServiceRequest request;
        try {
            request = parse(record.value());
        } catch (InvalidProtocolBufferException e) {
            undecodable.inc();
            warnRateLimited("skipping undecodable record at {}-{}@{}: {}", record, e.getMessage());
            return;
        }
        DecodeStats stats;
        decoded.clear();
        try {
            stats = decoder.decode(request, decoded::add);
        } catch (RuntimeException e) {
            // a record the decoder cannot handle must not fail the job over and over
            undecodable.inc();
            warnRateLimited(
                    "skipping a record the decoder failed on at {}-{}@{}: {}",
                    record,
                    e.toString());
            return;
        }
        // emitted only now: what the operators chained after the source throw must fail the job
        for (MetricPoint p : decoded) {
            out.collect(p);
        }
        decodedPoints.inc(stats.accepted());
        if (stats.rejected() > 0) {
            rejectedPoints.inc(stats.rejected());
            warnRateLimited(
                    "skipping invalid points at {}-{}@{}: {}", record, stats.errorMessage());
        }
    }

    /** The request to decode from a record's bytes (all of it, here). */
    protected ExportMetricsServiceRequest parse(byte[] bytes)
            throws InvalidProtocolBufferException {
        return ExportMetricsServiceRequest.parseFrom(bytes);
    }

    private void warnRateLimited(String message, ConsumerRecord<?, ?> record, String detail) {
        long now = System.currentTimeMillis();
        if (now - lastWarning > 60_000) {
            lastWarning = now;
            LOG.warn(message, record.topic(), record.partition(), record.offset(), detail);
        }
    }

    @Override
    public TypeInformation<MetricPoint> getProducedType() {
        return TypeInformation.of(MetricPoint.class);
    }
}
