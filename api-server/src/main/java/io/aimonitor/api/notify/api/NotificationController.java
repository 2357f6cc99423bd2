package io.aimonitor.api.notify.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.auth.AccessControl;
import io.aimonitor.api.auth.Auditor;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.QueryParams;
import io.aimonitor.api.metadata.NotifyStore;
import io.aimonitor.api.notify.Notice;
import io.aimonitor.api.notify.PolicyService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The notification policy (routing, inhibition, escalation) and the delivery log. */
public final class NotificationController {
    private static final Set<String> STATUSES =
            Set.of("pending", "delivered", "failed", "superseded");

    private final PolicyService policies;
    private final NotifyStore store;
    private final Auditor audit;

    public NotificationController(PolicyService policies, NotifyStore store, Auditor audit) {
        this.policies = policies;
        this.store = store;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get(
                        "/api/v1/notification-policy",
                        Role.VIEWER,
                        "notifications",
                        "The routing tree, receivers, inhibition rules and escalation policies",
                        ctx -> ctx.json(view(policies.current())))
                .put(
                        "/api/v1/notification-policy",
                        Role.ADMIN,
                        "notifications",
                        "Replace the notification policy (validated; 400 names the field)",
                        this::put)
                .get(
                        "/api/v1/notifications",
                        Role.VIEWER,
                        "notifications",
                        "The delivery log, newest first",
                        this::list,
                        "status",
                        "fingerprint",
                        "limit")
                .get(
                        "/api/v1/notifications/{id}",
                        Role.VIEWER,
                        "notifications",
                        "One notification with what it said",
                        ctx ->
                                ctx.json(
                                        store.notification(ctx.pathParam("id"))
                                                .map(n -> view(n, true))
                                                .orElseThrow(
                                                        () ->
                                                                ApiException.notFound(
                                                                        "no notification "
                                                                                + ctx.pathParam(
                                                                                        "id")))));
    }

    private void put(Context ctx) {
        PolicyService.Current c =
                policies.put(ctx.body(), AccessControl.principal(ctx).auditName());
        audit.record(
                ctx,
                "notification_policy.update",
                "notification_policy",
                "default",
                Map.of("version", c.version()));
        ctx.json(view(c));
    }

    private void list(Context ctx) {
        String status = ctx.queryParam("status");
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badParameter(
                    "status",
                    "status must be pending, delivered, failed or superseded, got '"
                            + status
                            + "'");
        }
        List<Map<String, Object>> out =
                store
                        .notifications(
                                status,
                                ctx.queryParam("fingerprint"),
                                QueryParams.intParam(ctx, "limit", 100, 1, 1000))
                        .stream()
                        .map(n -> view(n, false))
                        .toList();
        ctx.json(Map.of("notifications", out));
    }

    private static Map<String, Object> view(PolicyService.Current c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy", c.policy());
        out.put("version", c.version());
        out.put("updated_by", c.updatedBy());
        out.put("updated_at", c.updatedAt());
        return out;
    }

    private static Map<String, Object> view(NotifyStore.Notification n, boolean withNotice) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", n.id());
        out.put("kind", n.kind());
        out.put("receiver", n.receiver());
        out.put("channel_id", n.channelId());
        out.put("status", n.status());
        out.put("alert_status", n.alertStatus());
        out.put(
                "fingerprints",
                n.fingerprints().isEmpty() ? List.of() : List.of(n.fingerprints().split(",")));
        out.put("attempts", n.attempts());
        out.put("last_error", n.lastError());
        out.put("created_at", n.createdAt());
        out.put("next_attempt_at", n.nextAttemptAt());
        out.put("delivered_at", n.deliveredAt());
        if (withNotice) {
            JsonNode notice =
                    io.aimonitor.api.http.Bodies.mapper().valueToTree(Notice.fromJson(n.payload()));
            out.put("notice", notice);
        }
        return out;
    }
}
