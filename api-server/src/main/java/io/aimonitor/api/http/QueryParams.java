package io.aimonitor.api.http;

import io.javalin.http.Context;

/** Typed query parameters; a bad one is a 400 naming it. */
public final class QueryParams {
    private QueryParams() {}

    public static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badParameter(
                name,
                name + " must be an integer from " + min + " to " + max + ", got '" + text + "'");
    }
}
