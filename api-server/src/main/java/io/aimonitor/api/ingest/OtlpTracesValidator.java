package io.aimonitor.api.ingest;

import com.google.protobuf.ByteString;
import io.aimonitor.schemas.otlp.DecodeStats;
import io.aimonitor.schemas.otlp.OtlpPointRules;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * Checks every span of a request - ids of the right length and not zero, a name, a start, an end
 * not before the start and at most 30 days after it, attributes within limits, a size that fits a
 * Kafka record - and, only when something was rejected, rebuilds the request without the rejected
 * spans.
 */
final class OtlpTracesValidator {
    private OtlpTracesValidator() {}

    /** Longer is a clock or unit mistake (a start in microseconds, say), not a real span. */
    static final long MAX_DURATION_NANOS = java.time.Duration.ofDays(30).toNanos();

    static OtlpSignal.Validated<ExportTraceServiceRequest> validate(
            ExportTraceServiceRequest request, long maxSpanBytes) {
        DecodeStats stats = new DecodeStats();
        walk(request, stats, null, maxSpanBytes);
        if (stats.rejected() == 0) {
            return new OtlpSignal.Validated<>(request, stats);
        }
        ExportTraceServiceRequest.Builder filtered = ExportTraceServiceRequest.newBuilder();
        walk(request, new DecodeStats(), filtered, maxSpanBytes);
        return new OtlpSignal.Validated<>(filtered.build(), stats);
    }

    private static void walk(
            ExportTraceServiceRequest request,
            DecodeStats stats,
            ExportTraceServiceRequest.Builder out,
            long maxSpanBytes) {
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String resourceError =
                    OtlpPointRules.checkAttributes(
                            rs.getResource().getAttributesList(), "resource");
            ResourceSpans.Builder rsOut = out == null ? null : rs.toBuilder().clearScopeSpans();
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ScopeSpans.Builder ssOut = out == null ? null : ss.toBuilder().clearSpans();
                for (Span span : ss.getSpansList()) {
                    String error = resourceError != null ? resourceError : check(span);
                    if (error == null && span.getSerializedSize() > maxSpanBytes) {
                        error =
                                "span '"
                                        + span.getName()
                                        + "': "
                                        + span.getSerializedSize()
                                        + " bytes, over the "
                                        + maxSpanBytes
                                        + " a span may take (half of kafka.max-record-size)";
                    }
                    if (error != null) {
                        stats.reject(error, 1);
                    } else {
                        stats.accept();
                        if (ssOut != null) {
                            ssOut.addSpans(span);
                        }
                    }
                }
                if (ssOut != null && ssOut.getSpansCount() > 0) {
                    rsOut.addScopeSpans(ssOut);
                }
            }
            if (rsOut != null && rsOut.getScopeSpansCount() > 0) {
                out.addResourceSpans(rsOut);
            }
        }
    }

    static String check(Span span) {
        String name = span.getName().isEmpty() ? "a span" : "span '" + span.getName() + "'";
        if (!validId(span.getTraceId(), 16)) {
            return name + ": trace_id must be 16 bytes, not all zero";
        }
        if (!validId(span.getSpanId(), 8)) {
            return name + ": span_id must be 8 bytes, not all zero";
        }
        if (!span.getParentSpanId().isEmpty() && span.getParentSpanId().size() != 8) {
            return name + ": parent_span_id must be empty or 8 bytes";
        }
        if (span.getName().isEmpty()) {
            return "span " + hex(span.getSpanId()) + ": name is empty";
        }
        if (span.getStartTimeUnixNano() == 0) {
            return name + ": start_time_unix_nano is missing";
        }
        if (Long.compareUnsigned(span.getEndTimeUnixNano(), span.getStartTimeUnixNano()) < 0) {
            return name + ": ends before it starts";
        }
        if (Long.compareUnsigned(
                        span.getEndTimeUnixNano() - span.getStartTimeUnixNano(), MAX_DURATION_NANOS)
                > 0) {
            return name + ": lasts over 30 days (start and end in different units?)";
        }
        return OtlpPointRules.checkAttributes(span.getAttributesList(), name);
    }

    private static boolean validId(ByteString id, int length) {
        if (id.size() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (id.byteAt(i) != 0) {
                return true;
            }
        }
        return false;
    }

    private static String hex(ByteString id) {
        return java.util.HexFormat.of().formatHex(id.toByteArray());
    }
}
