package io.aimonitor.api.http;

import io.aimonitor.store.StoreUnavailableException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.validation.ValidationError;
import io.javalin.validation.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON error shape for every 4xx and 5xx: {@code {"error": {"code", "message", "details"}}}. An
 * unexpected exception becomes a 500 carrying the request id (logged with the stack trace), never a
 * stack trace to the client.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    public static final String REQUEST_ID = "requestId";

    private ErrorResponses() {}

    public static void register(JavalinConfig config) {
        config.routes.before(
                ctx -> {
                    String id = ctx.header("X-Request-Id");
                    if (id == null || id.isBlank() || id.length() > 128) {
                        id = UUID.randomUUID().toString();
                    }
                    ctx.attribute(REQUEST_ID, id);
                    ctx.header("X-Request-Id", id);
                    org.slf4j.MDC.put("request_id", id);
                });
        config.routes.after(ctx -> org.slf4j.MDC.remove("request_id"));
        config.routes.exception(
                ApiException.class,
                (e, ctx) -> write(ctx, e.status(), e.code(), e.getMessage(), e.details()));
        config.routes.exception(
                HttpResponseException.class,
                (e, ctx) ->
                        write(
                                ctx,
                                e.getStatus(),
                                codeFor(e.getStatus()),
                                e.getMessage(),
                                Map.of()));
        config.routes.exception(
                ValidationException.class,
                (e, ctx) -> {
                    String parameter = e.getErrors().keySet().stream().findFirst().orElse("");
                    String message =
                            e.getErrors().values().stream()
                                    .flatMap(List::stream)
                                    .findFirst()
                                    .map(ValidationError::getMessage)
                                    .orElse("invalid value");
                    write(
                            ctx,
                            400,
                            "bad_parameter",
                            parameter + ": " + message,
                            Map.of("parameter", parameter));
                });
        config.routes.exception(
                StoreUnavailableException.class,
                (e, ctx) -> {
                    LOG.warn(
                            "telemetry store unavailable for {} {}: {}",
                            ctx.method(),
                            ctx.path(),
                            e.getMessage());
                    ctx.header("Retry-After", "5");
                    write(
                            ctx,
                            503,
                            "store_unavailable",
                            "the telemetry store is unavailable, retry later",
                            Map.of());
                });
        config.routes.exception(
                Exception.class,
                (e, ctx) -> {
                    String id = ctx.attribute(REQUEST_ID);
                    LOG.error("request {} {} {} failed", id, ctx.method(), ctx.path(), e);
                    write(
                            ctx,
                            500,
                            "internal_error",
                            "internal error; quote request id " + id,
                            Map.of("request_id", String.valueOf(id)));
                });
        config.routes.error(
                404,
                ctx -> {
                    if (ctx.result() == null
                            || ctx.result().isEmpty()
                            || !"application/json".equals(ctx.contentType())) {
                        write(
                                ctx,
                                404,
                                "not_found",
                                "no route for " + ctx.method() + " " + ctx.path(),
                                Map.of());
                    }
                });
    }

    public static void write(
            Context ctx, int status, String code, String message, Map<String, Object> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", details);
        ctx.status(status).json(Map.of("error", error));
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }
}
