package io.aimonitor.api.auth;

import io.aimonitor.api.http.ApiException;
import java.util.Map;

/** Authentication failed (401), or the principal lacks the role (403), or is throttled (429). */
public final class AuthException extends ApiException {
    private static final long serialVersionUID = 1L;

    private AuthException(int status, String code, String message, Map<String, Object> details) {
        super(status, code, message, details);
    }

    public static AuthException unauthenticated(String message) {
        return new AuthException(401, "unauthorized", message, Map.of());
    }

    public static AuthException forbidden(Role needed) {
        return new AuthException(
                403,
                "forbidden",
                "this needs the " + needed.text() + " role",
                Map.of("role", needed.text()));
    }

    public static AuthException throttled(long retryAfterSeconds) {
        return new AuthException(
                429,
                "too_many_requests",
                "too many failed logins; retry in " + retryAfterSeconds + " s",
                Map.of("retry_after_seconds", retryAfterSeconds));
    }
}
