package io.aimonitor.schemas.traces;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimonitor.schemas.otlp.OtlpAttributes;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP spans as {@link SpanRecord}s (the ingest path has already validated them). */
public final class OtlpSpans {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private OtlpSpans() {}

    public static List<SpanRecord> decode(ExportTraceServiceRequest request) {
        List<SpanRecord> out = new ArrayList<>();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            Map<String, String> resource = attributes(rs.getResource().getAttributesList());
            String service = resource.getOrDefault("service.name", "unknown_service");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    out.add(record(span, service, resource));
                }
            }
        }
        return out;
    }

    private static SpanRecord record(Span span, String service, Map<String, String> resource) {
        ArrayNode events = JSON.createArrayNode();
        String exceptionType = "";
        String exceptionMessage = "";
        for (Span.Event e : span.getEventsList()) {
            Map<String, String> attributes = attributes(e.getAttributesList());
            ObjectNode event = events.addObject();
            event.put("name", e.getName());
            event.put("time_unix_nano", e.getTimeUnixNano());
            event.set("attributes", JSON.valueToTree(attributes));
            if (e.getName().equals("exception") && exceptionType.isEmpty()) {
                exceptionType = attributes.getOrDefault("exception.type", "");
                exceptionMessage = attributes.getOrDefault("exception.message", "");
            }
        }
        return new SpanRecord(
                HEX.formatHex(span.getTraceId().toByteArray()),
                HEX.formatHex(span.getSpanId().toByteArray()),
                HEX.formatHex(span.getParentSpanId().toByteArray()),
                service,
                span.getName(),
                kind(span.getKind()),
                span.getStartTimeUnixNano(),
                Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano()),
                status(span.getStatus().getCode()),
                span.getStatus().getMessage(),
                attributes(span.getAttributesList()),
                resource,
                events.isEmpty() ? "" : events.toString(),
                exceptionType,
                exceptionMessage);
    }

    private static Map<String, String> attributes(List<KeyValue> list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : list) {
            out.put(kv.getKey(), OtlpAttributes.asString(kv.getValue()));
        }
        return out;
    }

    static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_SERVER -> "server";
            case SPAN_KIND_CLIENT -> "client";
            case SPAN_KIND_PRODUCER -> "producer";
            case SPAN_KIND_CONSUMER -> "consumer";
            case SPAN_KIND_INTERNAL -> "internal";
            default -> "unspecified";
        };
    }

    static String status(io.opentelemetry.proto.trace.v1.Status.StatusCode code) {
        return switch (code) {
            case STATUS_CODE_OK -> "ok";
            case STATUS_CODE_ERROR -> "error";
            default -> "unset";
        };
    }
}
