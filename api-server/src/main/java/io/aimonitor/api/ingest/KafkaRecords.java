package io.aimonitor.api.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.aimonitor.schemas.metrics.SeriesFingerprint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Splits a request into Kafka records, one per resource, keyed by the resource's attributes - what
 * the Collector's kafka exporter does with {@code partition_metrics_by_resource_attributes} - so
 * that every point of a series (every span of a service instance) lands in one partition, in order.
 * A resource too large for one record is split by metric (by span).
 */
final class KafkaRecords {

    record Record(byte[] key, byte[] value) {}

    private KafkaRecords() {}

    /**
     * @param original the request as received in protobuf, when it is forwarded unchanged: each
     *     resource's bytes are then sliced out of it rather than serialized again
     */
    static List<Record> of(
            ExportMetricsServiceRequest request, byte[] original, long maxRecordBytes) {
        return perResource(
                request.getResourceMetricsList(),
                original,
                maxRecordBytes,
                ResourceMetrics::getResource,
                rm ->
                        ExportMetricsServiceRequest.newBuilder()
                                .addResourceMetrics(rm)
                                .build()
                                .toByteArray(),
                rm ->
                        splitByMetric(rm, maxRecordBytes).stream()
                                .map(r -> r.toByteArray())
                                .toList());
    }

    /** Traces the same way, split by span when a resource is too large. */
    static List<Record> of(
            ExportTraceServiceRequest request, byte[] original, long maxRecordBytes) {
        return perResource(
                request.getResourceSpansList(),
                original,
                maxRecordBytes,
                ResourceSpans::getResource,
                rs ->
                        ExportTraceServiceRequest.newBuilder()
                                .addResourceSpans(rs)
                                .build()
                                .toByteArray(),
                rs -> splitBySpan(rs, maxRecordBytes));
    }

    private static <T> List<Record> perResource(
            List<T> resources,
            byte[] original,
            long maxRecordBytes,
            Function<T, Resource> resourceOf,
            Function<T, byte[]> serialize,
            Function<T, List<byte[]>> split) {
        List<Record> records = new ArrayList<>();
        List<byte[]> slices = original == null ? null : resourceSlices(original);
        for (int i = 0; i < resources.size(); i++) {
            T resource = resources.get(i);
            byte[] key = key(resourceOf.apply(resource));
            byte[] single =
                    slices != null && slices.size() == resources.size()
                            ? slices.get(i)
                            : serialize.apply(resource);
            if (single.length <= maxRecordBytes) {
                records.add(new Record(key, single));
            } else {
                split.apply(resource).forEach(part -> records.add(new Record(key, part)));
            }
        }
        return records;
    }

    /**
     * Each resource_metrics entry (field 1) of a serialized request, as bytes that are themselves a
     * valid request holding just that resource: tag, length and body copied verbatim.
     */
    static List<byte[]> resourceSlices(byte[] request) {
        List<byte[]> slices = new ArrayList<>();
        CodedInputStream in = CodedInputStream.newInstance(request);
        try {
            while (true) {
                int start = in.getTotalBytesRead();
                int tag = in.readTag();
                if (tag == 0) {
                    return slices;
                }
                if (WireFormat.getTagFieldNumber(tag) == 1
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    in.skipRawBytes(in.readRawVarint32());
                    slices.add(Arrays.copyOfRange(request, start, in.getTotalBytesRead()));
                } else {
                    in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("request was parsed but cannot be sliced", e);
        }
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

    private static List<byte[]> splitBySpan(ResourceSpans rs, long maxBytes) {
        List<byte[]> parts = new ArrayList<>();
        ResourceSpans.Builder current = rs.toBuilder().clearScopeSpans();
        long size = current.build().getSerializedSize();
        for (ScopeSpans ss : rs.getScopeSpansList()) {
            for (Span span : ss.getSpansList()) {
                long spanSize = span.getSerializedSize() + ss.getScope().getSerializedSize() + 16L;
                if (size + spanSize > maxBytes && current.getScopeSpansCount() > 0) {
                    parts.add(
                            ExportTraceServiceRequest.newBuilder()
                                    .addResourceSpans(current)
                                    .build()
                                    .toByteArray());
                    current = rs.toBuilder().clearScopeSpans();
                    size = current.build().getSerializedSize();
                }
                current.addScopeSpans(ss.toBuilder().clearSpans().addSpans(span));
                size += spanSize;
            }
        }
        if (current.getScopeSpansCount() > 0) {
            parts.add(
                    ExportTraceServiceRequest.newBuilder()
                            .addResourceSpans(current)
                            .build()
                            .toByteArray());
        }
        return parts;
    }

    /** A stable key for the resource: the fingerprint of its sorted attributes. */
    static byte[] key(Resource resource) {
        List<KeyValue> attributes = new ArrayList<>(resource.getAttributesList());
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
