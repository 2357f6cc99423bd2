package io.aimonitor.api.ingest;

/** An OTLP request refused with an HTTP status and the matching gRPC status code. */
final class OtlpHttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final int INVALID_ARGUMENT = 3;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int UNAVAILABLE = 14;

    final int httpStatus;
    final int grpcCode;

    OtlpHttpException(int httpStatus, int grpcCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    static OtlpHttpException badRequest(String message) {
        return new OtlpHttpException(400, INVALID_ARGUMENT, message);
    }

    static OtlpHttpException tooLarge(String message) {
        return new OtlpHttpException(413, RESOURCE_EXHAUSTED, message);
    }

    static OtlpHttpException unsupported(String message) {
        return new OtlpHttpException(415, INVALID_ARGUMENT, message);
    }
}
