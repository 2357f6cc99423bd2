package io.aimonitor.api.ingest;

import com.google.protobuf.Message;
import io.aimonitor.schemas.otlp.DecodeStats;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.List;

/** OTLP traces: spans checked one by one, one record per resource to the spans topic. */
final class TracesSignal extends CountedSignal<ExportTraceServiceRequest> {
    private final long maxSpanBytes;

    /** {@code maxRecordBytes}: a span must fit in one Kafka record with room for its resource. */
    TracesSignal(String topic, long maxRecordBytes, IngestCounters counters) {
        super(topic, counters.acceptedSpans, counters.rejectedSpans);
        this.maxSpanBytes = maxRecordBytes / 2;
    }

    @Override
    public ExportTraceServiceRequest prototype() {
        return ExportTraceServiceRequest.getDefaultInstance();
    }

    @Override
    public Validated<ExportTraceServiceRequest> validate(ExportTraceServiceRequest request) {
        return OtlpTracesValidator.validate(request, maxSpanBytes);
    }

    @Override
    public List<KafkaRecords.Record> records(
            ExportTraceServiceRequest accepted, byte[] original, long maxRecordBytes) {
        return KafkaRecords.of(accepted, original, maxRecordBytes);
    }

    @Override
    public Message response(DecodeStats stats) {
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (stats.rejected() > 0) {
            response.setPartialSuccess(
                    ExportTracePartialSuccess.newBuilder()
                            .setRejectedSpans(stats.rejected())
                            .setErrorMessage(stats.errorMessage()));
        }
        return response.build();
    }
}
