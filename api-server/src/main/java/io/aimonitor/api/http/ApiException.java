package io.aimonitor.api.http;

import java.util.Map;

/**
 * A request refused with a status, a stable code, a message for people and details for programs.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> details;

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    /** A bad query or body parameter; the details name it. */
    public static ApiException badParameter(String parameter, String message) {
        return new ApiException(400, "bad_parameter", message, Map.of("parameter", parameter));
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, Map.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
