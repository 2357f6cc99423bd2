package io.aimonitor.api.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.auth.AccessControl;
import io.aimonitor.api.auth.Auditor;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.Bodies;
import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.RuleException;
import io.aimonitor.schemas.rules.RuleJson;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** CRUD for alert rules, their history, and dry runs against stored data. */
public final class RuleController {
    private static final int MAX_DRY_RUN_HOURS = 7 * 24;

    private final RuleService rules;
    private final RuleDryRun dryRun;
    private final Auditor audit;
    private final Clock clock;

    public RuleController(RuleService rules, RuleDryRun dryRun, Auditor audit, Clock clock) {
        this.rules = rules;
        this.dryRun = dryRun;
        this.audit = audit;
        this.clock = clock;
    }

    /** Invalid rules are 400s naming the field ({@code details.field}). */
    public static void registerErrors(JavalinConfig config) {
        config.routes.exception(
                RuleException.class,
                (e, ctx) ->
                        io.aimonitor.api.http.ErrorResponses.write(
                                ctx,
                                400,
                                "invalid_rule",
                                e.getMessage(),
                                Map.of("field", e.field())));
    }

    public void register(ApiRoutes routes) {
        routes.get(
                        "/api/v1/rules",
                        Role.VIEWER,
                        "rules",
                        "Alert rules",
                        ctx -> ctx.json(Map.of("rules", rules.all())))
                .post(
                        "/api/v1/rules",
                        Role.EDITOR,
                        "rules",
                        "Create a rule (version 1)",
                        this::create)
                .post(
                        "/api/v1/rules/dry-run",
                        Role.VIEWER,
                        "rules",
                        "When a rule would have fired over the last hours",
                        this::dryRun)
                .get(
                        "/api/v1/rules/{id}",
                        Role.VIEWER,
                        "rules",
                        "One rule",
                        ctx -> ctx.json(rules.get(ctx.pathParam("id"))))
                .put(
                        "/api/v1/rules/{id}",
                        Role.EDITOR,
                        "rules",
                        "Replace a rule (If-Match: <version> guards concurrent edits)",
                        this::update)
                .delete("/api/v1/rules/{id}", Role.EDITOR, "rules", "Delete a rule", this::delete)
                .get(
                        "/api/v1/rules/{id}/history",
                        Role.VIEWER,
                        "rules",
                        "Every version of a rule with its author",
                        ctx -> ctx.json(Map.of("versions", rules.history(ctx.pathParam("id")))));
    }

    private void create(Context ctx) {
        AlertRule rule = rules.create(ctx.body(), AccessControl.principal(ctx).auditName());
        audit.record(
                ctx,
                "rule.create",
                "rule",
                rule.id(),
                Map.of("name", rule.name(), "version", rule.version()));
        ctx.status(201).header("ETag", String.valueOf(rule.version())).json(rule);
    }

    private void update(Context ctx) {
        String ifMatch = ctx.header("If-Match");
        Long expected = null;
        if (ifMatch != null) {
            try {
                expected = Long.parseLong(ifMatch.replace("\"", "").strip());
            } catch (NumberFormatException e) {
                throw ApiException.badParameter(
                        "If-Match", "If-Match must be the rule's version number");
            }
        }
        AlertRule rule =
                rules.update(
                        ctx.pathParam("id"),
                        ctx.body(),
                        AccessControl.principal(ctx).auditName(),
                        expected);
        audit.record(
                ctx,
                "rule.update",
                "rule",
                rule.id(),
                Map.of("name", rule.name(), "version", rule.version()));
        ctx.header("ETag", String.valueOf(rule.version())).json(rule);
    }

    private void delete(Context ctx) {
        rules.delete(ctx.pathParam("id"), AccessControl.principal(ctx).auditName());
        audit.record(ctx, "rule.delete", "rule", ctx.pathParam("id"), Map.of());
        ctx.status(204);
    }

    private void dryRun(Context ctx) throws Exception {
        JsonNode body = Bodies.mapper().readTree(ctx.body().isBlank() ? "{}" : ctx.body());
        if (!body.path("rule").isObject()) {
            throw ApiException.badParameter(
                    "rule", "rule is required: the rule to evaluate, as for POST /api/v1/rules");
        }
        int hours = body.path("hours").asInt(6);
        if (hours < 1 || hours > MAX_DRY_RUN_HOURS) {
            throw ApiException.badParameter(
                    "hours", "hours must be from 1 to " + MAX_DRY_RUN_HOURS);
        }
        AlertRule rule;
        try {
            rule = RuleJson.parse(body.path("rule").toString());
        } catch (RuleException e) {
            throw new RuleException(
                    "rule." + e.field(),
                    e.getMessage().substring(e.field().isEmpty() ? 0 : e.field().length() + 2));
        }
        ctx.json(dryRun.run(rule, Duration.ofHours(hours), clock.millis()));
    }
}
