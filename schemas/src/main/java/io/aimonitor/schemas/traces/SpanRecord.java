package io.aimonitor.schemas.traces;

import java.io.Serializable;
import java.util.Map;

/**
 * One span as it is stored and analysed: ids in hex, the service (the resource's {@code
 * service.name}) and operation (the span's name), times in nanoseconds, attributes as text, events
 * as JSON and the first exception event's type and message.
 *
 * @param kind internal, server, client, producer, consumer or unspecified
 * @param statusCode unset, ok or error
 */
public record SpanRecord(
        String traceId,
        String spanId,
        String parentSpanId,
        String service,
        String operation,
        String kind,
        long startNanos,
        long durationNanos,
        String statusCode,
        String statusMessage,
        Map<String, String> attributes,
        Map<String, String> resource,
        String eventsJson,
        String exceptionType,
        String exceptionMessage)
        implements Serializable {

    public boolean isError() {
        return "error".equals(statusCode);
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }
}
