package io.aimonitor.api.ingest;

import com.google.protobuf.Message;
import io.aimonitor.schemas.otlp.DecodeStats;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** OTLP metrics: data points checked as the metrics job will, one record per resource. */
final class MetricsSignal implements OtlpSignal<ExportMetricsServiceRequest> {
    private final String topic;
    private final IngestCounters counters;

    MetricsSignal(String topic, IngestCounters counters) {
        this.topic = topic;
        this.counters = counters;
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

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public LongAdder acceptedCounter() {
        return counters.acceptedPoints;
    }

    @Override
    public LongAdder rejectedCounter() {
        return counters.rejectedPoints;
    }
}
