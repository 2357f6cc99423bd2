package io.aimonitor.api.ingest;

import io.aimonitor.schemas.metrics.SeriesFingerprint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a request into Kafka records, one per resource, keyed by the resource's attributes - what
 * the Collector's kafka exporter does with {@code partition_metrics_by_resource_attributes} - so
 * that every point of a series lands in one partition, in order. A resource too large for one
 * record is split by metric.
 */
final class KafkaRecords {

    record Record(byte[] key, byte[] value) {}

    private KafkaRecords() {}

    static List<Record> of(
            ExportMetricsServiceRequest request, byte[] original, long maxRecordBytes) {
        List<Record> records = new ArrayList<>();
        if (request.getResourceMetricsCount() == 1
                && original != null
                && original.length <= maxRecordBytes) {
            records.add(new Record(key(request.getResourceMetrics(0)), original));
            return records;
        }
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            byte[] key = key(rm);
            ExportMetricsServiceRequest single =
                    ExportMetricsServiceRequest.newBuilder().addResourceMetrics(rm).build();
            if (single.getSerializedSize() <= maxRecordBytes) {
                records.add(new Record(key, single.toByteArray()));
            } else {
                for (ExportMetricsServiceRequest part : splitByMetric(rm, maxRecordBytes)) {
                    records.add(new Record(key, part.toByteArray()));
                }
            }
        }
        return records;
    }

    private static List<ExportMetricsServiceRequest> splitByMetric(
            ResourceMetrics rm, long maxBytes) {
        List<ExportMetricsServiceRequest> parts = new ArrayList<>();
        ResourceMetrics.Builder current = rm.toBuilder().clearScopeMetrics();
        long size = current.build().getSerializedSize();
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
            for (Metric metric : sm.getMetricsList()) {
                long metricSize =
                        metric.getSerializedSize() + sm.getScope().getSerializedSize() + 16L;
                if (size + metricSize > maxBytes && current.getScopeMetricsCount() > 0) {
                    parts.add(
                            ExportMetricsServiceRequest.newBuilder()
                                    .addResourceMetrics(current)
                                    .build());
                    current = rm.toBuilder().clearScopeMetrics();
                    size = current.build().getSerializedSize();
                }
                current.addScopeMetrics(sm.toBuilder().clearMetrics().addMetrics(metric));
                size += metricSize;
            }
        }
        if (current.getScopeMetricsCount() > 0) {
            parts.add(ExportMetricsServiceRequest.newBuilder().addResourceMetrics(current).build());
        }
        return parts;
    }

    /** A stable key for the resource: the fingerprint of its sorted attributes. */
    static byte[] key(ResourceMetrics rm) {
        List<KeyValue> attributes = new ArrayList<>(rm.getResource().getAttributesList());
        attributes.sort(Comparator.comparing(KeyValue::getKey));
        String[] pairs = new String[attributes.size() * 2];
        for (int i = 0; i < attributes.size(); i++) {
            pairs[2 * i] = attributes.get(i).getKey();
            pairs[2 * i + 1] =
                    io.aimonitor.schemas.otlp.OtlpAttributes.asString(attributes.get(i).getValue());
        }
        return SeriesFingerprint.hex(SeriesFingerprint.of("resource", pairs))
                .getBytes(StandardCharsets.US_ASCII);
    }
}
