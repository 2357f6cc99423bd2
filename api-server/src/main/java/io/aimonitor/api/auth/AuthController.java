package io.aimonitor.api.auth;

import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.Bodies;
import io.aimonitor.api.users.UserService;
import io.aimonitor.api.users.UserView;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Login, refresh, logout and the caller's own account. */
public final class AuthController {
    record LoginRequest(String username, String password) {}

    record RefreshRequest(String refreshToken) {}

    record LogoutRequest(String refreshToken) {}

    record PasswordChange(String currentPassword, String newPassword) {}

    private final AuthService auth;
    private final UserService users;
    private final Auditor audit;
    private final Clock clock;

    public AuthController(AuthService auth, UserService users, Auditor audit, Clock clock) {
        this.auth = auth;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(ApiRoutes routes) {
        routes.post(
                        "/api/v1/auth/login",
                        Role.PUBLIC,
                        "auth",
                        "Log in: an access token and a refresh token",
                        this::login)
                .post(
                        "/api/v1/auth/refresh",
                        Role.PUBLIC,
                        "auth",
                        "Trade a refresh token for new tokens (rotating)",
                        this::refresh)
                .post(
                        "/api/v1/auth/logout",
                        Role.VIEWER,
                        "auth",
                        "Revoke the access token and the refresh token's family",
                        this::logout)
                .get("/api/v1/me", Role.VIEWER, "auth", "The calling user", this::me)
                .post(
                        "/api/v1/me/password",
                        Role.VIEWER,
                        "auth",
                        "Change your own password",
                        this::changePassword);
    }

    private void login(Context ctx) {
        LoginRequest req = Bodies.parse(ctx, LoginRequest.class);
        if (req.username() == null || req.password() == null) {
            throw io.aimonitor.api.http.ApiException.badParameter(
                    req.username() == null ? "username" : "password",
                    "username and password are required");
        }
        AuthService.Tokens tokens = auth.login(req.username(), req.password(), ctx.ip());
        audit.record(
                tokens.user().username(),
                "auth.login",
                "user",
                tokens.user().id(),
                Map.of(),
                ctx.ip(),
                String.valueOf(
                        (Object) ctx.attribute(io.aimonitor.api.http.ErrorResponses.REQUEST_ID)));
        ctx.json(body(tokens));
    }

    private void refresh(Context ctx) {
        RefreshRequest req = Bodies.parse(ctx, RefreshRequest.class);
        if (req.refreshToken() == null) {
            throw io.aimonitor.api.http.ApiException.badParameter(
                    "refresh_token", "refresh_token is required");
        }
        ctx.json(body(auth.refresh(req.refreshToken())));
    }

    private void logout(Context ctx) {
        String refreshToken =
                ctx.body().isBlank() ? null : Bodies.parse(ctx, LogoutRequest.class).refreshToken();
        auth.logout(AccessControl.principal(ctx), refreshToken);
        audit.record(ctx, "auth.logout", "user", AccessControl.principal(ctx).id(), Map.of());
        ctx.status(204);
    }

    private void me(Context ctx) {
        Principal p = AccessControl.principal(ctx);
        if (p.kind() == Principal.Kind.API_KEY) {
            ctx.json(Map.of("api_key", p.name(), "role", p.role().text()));
        } else {
            ctx.json(UserView.of(users.get(p.id())));
        }
    }

    private void changePassword(Context ctx) {
        Principal p = AccessControl.principal(ctx);
        if (p.kind() != Principal.Kind.USER) {
            throw AuthException.forbidden(Role.VIEWER);
        }
        PasswordChange req = Bodies.parse(ctx, PasswordChange.class);
        users.setPassword(p.id(), req.currentPassword(), req.newPassword(), true);
        audit.record(ctx, "user.password", "user", p.id(), Map.of());
        ctx.status(204);
    }

    private Map<String, Object> body(AuthService.Tokens tokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", Math.max(0, (tokens.expiresAtMillis() - clock.millis()) / 1000));
        body.put("refresh_token", tokens.refreshToken());
        body.put("user", UserView.of(tokens.user()));
        return body;
    }
}
