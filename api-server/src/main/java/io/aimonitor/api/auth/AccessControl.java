package io.aimonitor.api.auth;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Set;

/**
 * The one access check, run before every matched route: reads the route's declared role,
 * authenticates the caller (a bearer access token or API key, or for WebSocket upgrades an {@code
 * access_token} query parameter) and checks the role. Routes that declare no role are refused.
 */
public final class AccessControl {
    public static final String PRINCIPAL = "principal";

    private final AuthService auth;
    private final ApiKeys apiKeys;

    public AccessControl(AuthService auth, ApiKeys apiKeys) {
        this.auth = auth;
        this.apiKeys = apiKeys;
    }

    public void check(Context ctx) {
        Role required = required(ctx.routeRoles());
        if (required == null) {
            if (ctx.endpoints().matchedHttpEndpoint() == null) {
                return; // static files: no route, no roles
            }
            throw AuthException.forbidden(Role.ADMIN);
        }
        if (required == Role.PUBLIC) {
            return;
        }
        Principal principal = authenticate(ctx);
        if (!principal.role().grants(required)) {
            throw AuthException.forbidden(required);
        }
        ctx.attribute(PRINCIPAL, principal);
    }

    public Principal authenticate(Context ctx) {
        String credential = credential(ctx);
        if (credential == null) {
            throw AuthException.unauthenticated(
                    "authentication required: send Authorization: Bearer <token or API key>");
        }
        return authenticate(credential);
    }

    /** The principal behind an API key or access token (OTLP/gRPC sends it as metadata). */
    public Principal authenticate(String credential) {
        if (ApiKeys.looksLikeKey(credential)) {
            return apiKeys.authenticate(credential)
                    .orElseThrow(() -> AuthException.unauthenticated("invalid or revoked API key"));
        }
        return auth.verifyAccessToken(credential);
    }

    private static String credential(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        String key = ctx.header("X-API-Key");
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        // browsers cannot set headers on a WebSocket upgrade
        if ("websocket".equalsIgnoreCase(ctx.header("Upgrade"))) {
            return ctx.queryParam("access_token");
        }
        // nor on navigator.sendBeacon, which pages use to report Web Vitals as they unload
        if (ctx.path().equals("/v1/rum")) {
            return ctx.queryParam("api_key");
        }
        return null;
    }

    private static Role required(Set<RouteRole> roles) {
        if (roles.size() != 1 || !(roles.iterator().next() instanceof Role role)) {
            return null;
        }
        return role;
    }

    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw AuthException.unauthenticated("authentication required");
        }
        return p;
    }
}
