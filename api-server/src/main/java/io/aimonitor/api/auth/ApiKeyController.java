package io.aimonitor.api.auth;

import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.Bodies;
import io.aimonitor.api.metadata.ApiKeyRepository;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** API keys: created by admins, shown once, listed without their secret, revocable. */
public final class ApiKeyController {
    record CreateKey(String name, String role) {}

    private final ApiKeys keys;
    private final Auditor audit;

    public ApiKeyController(ApiKeys keys, Auditor audit) {
        this.keys = keys;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get(
                        "/api/v1/api-keys",
                        Role.ADMIN,
                        "api-keys",
                        "List API keys (never their secret)",
                        ctx ->
                                ctx.json(
                                        Map.of(
                                                "api_keys",
                                                keys.all().stream()
                                                        .map(ApiKeyController::view)
                                                        .toList())))
                .post(
                        "/api/v1/api-keys",
                        Role.ADMIN,
                        "api-keys",
                        "Create an API key; the secret is in this response only",
                        this::create)
                .delete(
                        "/api/v1/api-keys/{id}",
                        Role.ADMIN,
                        "api-keys",
                        "Revoke an API key",
                        this::revoke);
    }

    private void create(Context ctx) {
        CreateKey req = Bodies.parse(ctx, CreateKey.class);
        // a key acts as "key:<name>", which must fit the 128 characters kept for who did what
        if (req.name() == null || req.name().isBlank() || req.name().length() > 120) {
            throw ApiException.badParameter("name", "name must have 1 to 120 characters");
        }
        Role role = Role.assignable(req.role() == null ? "" : req.role());
        if (role == null) {
            throw ApiException.badParameter(
                    "role",
                    "role must be ingest, rum, viewer, editor or admin, got '" + req.role() + "'");
        }
        ApiKeys.Created created =
                keys.create(req.name(), role, AccessControl.principal(ctx).auditName());
        audit.record(
                ctx,
                "api_key.create",
                "api_key",
                created.key().id(),
                Map.of("name", req.name(), "role", role.text()));
        Map<String, Object> body = view(created.key());
        body.put("key", created.secret());
        ctx.status(201).json(body);
    }

    private void revoke(Context ctx) {
        if (!keys.revoke(ctx.pathParam("id"))) {
            throw ApiException.notFound("no active API key " + ctx.pathParam("id"));
        }
        audit.record(ctx, "api_key.revoke", "api_key", ctx.pathParam("id"), Map.of());
        ctx.status(204);
    }

    static Map<String, Object> view(ApiKeyRepository.ApiKey k) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", k.id());
        v.put("name", k.name());
        v.put("prefix", k.prefix());
        v.put("role", k.role().text());
        v.put("created_by", k.createdBy());
        v.put("created_at", k.createdAt());
        v.put("last_used_at", k.lastUsedAt());
        v.put("revoked_at", k.revokedAt());
        return v;
    }
}
