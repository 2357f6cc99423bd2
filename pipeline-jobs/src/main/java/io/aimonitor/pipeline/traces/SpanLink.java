package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.SpanRecord;

/**
 * What trace assembly keeps of a span: enough for the summary and the service graph, none of the
 * attributes.
 *
 * @param database the {@code db.system} of a client span (a graph node for an uninstrumented
 *     database), else empty
 */
public record SpanLink(
        String spanId,
        String parentSpanId,
        String service,
        String operation,
        long startNanos,
        long durationNanos,
        boolean error,
        String database) {

    static SpanLink of(SpanRecord s) {
        String db = "client".equals(s.kind()) ? s.attributes().getOrDefault("db.system", "") : "";
        return new SpanLink(
                s.spanId(),
                s.parentSpanId(),
                s.service(),
                s.operation(),
                s.startNanos(),
                s.durationNanos(),
                s.isError(),
                db);
    }

    long endNanos() {
        return startNanos + durationNanos;
    }
}
