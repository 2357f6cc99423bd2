package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.metrics.SeriesFingerprint;

/** A failed span reduced to its error group. */
public record ErrorSample(
        String service, String operation, String exceptionType, String message, String traceId) {

    static ErrorSample of(SpanFacts span) {
        return new ErrorSample(
                span.service(),
                span.operation(),
                span.errorType(),
                span.errorMessage(),
                span.traceId());
    }

    /** A stable id for the group: same type, message and operation, same fingerprint. */
    public String fingerprint() {
        return SeriesFingerprint.hex(
                SeriesFingerprint.of(
                        "error_group", new String[] {service, operation, exceptionType, message}));
    }
}
