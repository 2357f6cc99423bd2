package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.RedPoint;

/**
 * One call counted towards RED: an entry span of a service or operation, or a call along a
 * service-graph edge.
 *
 * @param scope a {@link RedPoint} scope
 */
public record CallSample(
        String scope,
        String service,
        String operation,
        String peer,
        long durationNanos,
        boolean error,
        String traceId) {

    /** The window key: scope, service, operation and peer. */
    public String key() {
        return scope + '\u0000' + service + '\u0000' + operation + '\u0000' + peer;
    }
}
