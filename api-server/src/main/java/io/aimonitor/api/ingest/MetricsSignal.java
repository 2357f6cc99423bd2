package io.aimonitor.api.ingest;

import com.google.protobuf.Message;
import io.aimonitor.schemas.otlp.DecodeStats;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.util.List;

/** OTLP metrics: data points checked as the metrics job will, one record per resource. */
final class MetricsSignal extends CountedSignal<ExportMetricsServiceRequest> {
    MetricsSignal(String topic, IngestCounters counters) {
        super(topic, counters.acceptedPoints, counters.rejectedPoints);
    }

    @Override
    public ExportMetricsServiceRequest prototype() {
        return ExportMetricsServiceRequest.getDefaultInstance();
    }

    @Override
    public Validated<ExportMetricsServiceRequest> validate(ExportMetricsServiceRequest request) {
        OtlpMetricsValidator.Result r = OtlpMetricsValidator.validate(request);
        return new Validated<>(r.accepted(), r.stats());
    }

    @Override
    public List<KafkaRecords.Record> records(
            ExportMetricsServiceRequest accepted, byte[] original, long maxRecordBytes) {
        return KafkaRecords.of(accepted, original, maxRecordBytes);
    }

    @Override
    public Message response(DecodeStats stats) {
        ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
        if (stats.rejected() > 0) {
            response.setPartialSuccess(
                    ExportMetricsPartialSuccess.newBuilder()
                            .setRejectedDataPoints(stats.rejected())
                            .setErrorMessage(stats.errorMessage()));
        }
        return response.build();
    }
}
