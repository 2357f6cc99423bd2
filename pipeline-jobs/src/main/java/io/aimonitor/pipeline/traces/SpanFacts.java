package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.ErrorMessages;
import io.aimonitor.schemas.traces.SpanRecord;

/**
 * What trace analytics need of a span - no attributes, events or resource - taken once, right after
 * decoding, so that every shuffle after it moves a few strings instead of a whole span.
 *
 * @param database the {@code db.system} of a client span (a graph node for an uninstrumented
 *     database), else empty
 * @param errorType the error group's exception type, empty unless the span failed
 * @param errorMessage the error group's normalised message, empty unless the span failed
 */
public record SpanFacts(
        String traceId,
        String spanId,
        String parentSpanId,
        String service,
        String operation,
        String kind,
        long startNanos,
        long durationNanos,
        boolean error,
        String database,
        String errorType,
        String errorMessage) {

    public static SpanFacts of(SpanRecord s) {
        String db = "client".equals(s.kind()) ? s.attributes().getOrDefault("db.system", "") : "";
        boolean error = s.isError();
        return new SpanFacts(
                s.traceId(),
                s.spanId(),
                s.parentSpanId(),
                s.service(),
                s.operation(),
                s.kind(),
                s.startNanos(),
                s.durationNanos(),
                error,
                db,
                error ? ErrorMessages.groupType(s) : "",
                error ? ErrorMessages.groupMessage(s) : "");
    }

    /** A call the service serves: a server or consumer span, or a trace's root. */
    public boolean isEntry() {
        return "server".equals(kind) || "consumer".equals(kind) || parentSpanId.isEmpty();
    }

    public long endNanos() {
        return startNanos + durationNanos;
    }

    public long endMillis() {
        return endNanos() / 1_000_000;
    }
}
