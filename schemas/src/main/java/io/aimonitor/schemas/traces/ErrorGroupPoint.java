package io.aimonitor.schemas.traces;

import java.io.Serializable;

/**
 * How often one error group occurred in one window. A group is the exception type, the message with
 * its variable parts replaced ({@link ErrorMessages#normalise}), and the operation.
 */
public record ErrorGroupPoint(
        String fingerprint,
        String service,
        String operation,
        String exceptionType,
        String message,
        long windowStartMs,
        long count,
        String exampleTraceId,
        int version)
        implements Serializable {}
