package io.aimonitor.api.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.auth.AccessControl;
import io.aimonitor.api.auth.Auditor;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.Bodies;
import io.aimonitor.api.http.QueryParams;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.rules.LabelMatcher;
import io.aimonitor.schemas.rules.MatchOp;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Alerts (current, history, acknowledge, resolve) and silences. */
public final class AlertController {
    private static final Pattern MATCH = Pattern.compile("match(_re)?\\[(.+)]");

    record Comment(String comment) {}

    record SilenceBody(
            List<LabelMatcher> matchers, JsonNode startsAt, JsonNode endsAt, String comment) {}

    private final AlertService alerts;
    private final Silences silences;
    private final Auditor audit;

    public AlertController(AlertService alerts, Silences silences, Auditor audit) {
        this.alerts = alerts;
        this.silences = silences;
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get(
                        "/api/v1/alerts",
                        Role.VIEWER,
                        "alerts",
                        "Current alerts (default states: pending, firing, no_data, flapping; from/to: active at some moment in that range)",
                        this::list,
                        "state",
                        "severity",
                        "rule_id",
                        "match[label]",
                        "match_re[label]",
                        "from",
                        "to",
                        "limit")
                .get(
                        "/api/v1/alerts/{fingerprint}/history",
                        Role.VIEWER,
                        "alerts",
                        "Every state change of one alert",
                        ctx ->
                                ctx.json(
                                        Map.of(
                                                "events",
                                                alerts.history(
                                                        ctx.pathParam("fingerprint"),
                                                        QueryParams.intParam(
                                                                ctx, "limit", 500, 1, 10_000)))),
                        "limit")
                .get(
                        "/api/v1/alerts/{fingerprint}/bands",
                        Role.VIEWER,
                        "alerts",
                        "The learned band (and anomaly score) of a baseline or anomaly alert, per minute",
                        this::bands,
                        "from",
                        "to")
                .post(
                        "/api/v1/alerts/{fingerprint}/ack",
                        Role.EDITOR,
                        "alerts",
                        "Acknowledge an alert (it stops repeating)",
                        this::ack)
                .delete(
                        "/api/v1/alerts/{fingerprint}/ack",
                        Role.EDITOR,
                        "alerts",
                        "Withdraw an acknowledgement",
                        this::unack)
                .post(
                        "/api/v1/alerts/{fingerprint}/resolve",
                        Role.EDITOR,
                        "alerts",
                        "Resolve an alert by hand",
                        this::resolve)
                .get(
                        "/api/v1/silences",
                        Role.VIEWER,
                        "silences",
                        "Active and upcoming silences (state=all: every silence)",
                        ctx ->
                                ctx.json(
                                        Map.of(
                                                "silences",
                                                "all".equals(ctx.queryParam("state"))
                                                        ? silences.all(1000)
                                                        : silences.current())),
                        "state")
                .post(
                        "/api/v1/silences",
                        Role.EDITOR,
                        "silences",
                        "Create a silence",
                        this::createSilence)
                .get(
                        "/api/v1/silences/{id}",
                        Role.VIEWER,
                        "silences",
                        "One silence",
                        ctx -> ctx.json(silences.get(ctx.pathParam("id"))))
                .put(
                        "/api/v1/silences/{id}",
                        Role.EDITOR,
                        "silences",
                        "Change a silence",
                        this::updateSilence)
                .delete(
                        "/api/v1/silences/{id}",
                        Role.EDITOR,
                        "silences",
                        "Expire a silence now",
                        this::expireSilence);
    }

    private void list(Context ctx) {
        List<AlertState> states = new ArrayList<>();
        String stateParam = ctx.queryParam("state");
        if (stateParam == null || stateParam.isBlank()) {
            Arrays.stream(AlertState.values()).filter(AlertState::active).forEach(states::add);
        } else {
            for (String s : AlertEventsStore.asList(stateParam)) {
                try {
                    states.add(AlertState.of(s));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badParameter(
                            "state",
                            "state must be among pending, firing, resolved, no_data, flapping, got '"
                                    + s
                                    + "'");
                }
            }
        }
        List<String> severities = AlertEventsStore.asList(ctx.queryParam("severity"));
        for (String s : severities) {
            if (!List.of("critical", "warning", "info").contains(s)) {
                throw ApiException.badParameter(
                        "severity",
                        "severity must be among critical, warning, info, got '" + s + "'");
            }
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        for (Map.Entry<String, List<String>> p : ctx.queryParamMap().entrySet()) {
            Matcher m = MATCH.matcher(p.getKey());
            if (m.matches() && !p.getValue().isEmpty()) {
                String value = p.getValue().get(p.getValue().size() - 1);
                if (m.group(1) != null) {
                    try {
                        Pattern.compile(value);
                    } catch (java.util.regex.PatternSyntaxException e) {
                        throw ApiException.badParameter(
                                p.getKey(), p.getKey() + " is not a valid regular expression");
                    }
                }
                matchers.add(
                        new LabelMatcher(
                                m.group(2), m.group(1) == null ? MatchOp.EQ : MatchOp.RE, value));
            }
        }
        AlertEventsStore.Filter filter =
                new AlertEventsStore.Filter(
                        states,
                        severities,
                        ctx.queryParam("rule_id"),
                        matchers,
                        time(ctx, "from"),
                        time(ctx, "to"),
                        QueryParams.intParam(ctx, "limit", 1000, 1, 10_000));
        ctx.json(Map.of("alerts", alerts.current(filter)));
    }

    private void bands(Context ctx) {
        Long to = time(ctx, "to");
        long toMs = to == null ? System.currentTimeMillis() : to;
        Long from = time(ctx, "from");
        long fromMs = from == null ? toMs - 6 * 3_600_000L : from;
        if (fromMs >= toMs) {
            throw ApiException.badParameter("from", "from must be before to");
        }
        ctx.json(Map.of("bands", alerts.bands(ctx.pathParam("fingerprint"), fromMs, toMs)));
    }

    private void ack(Context ctx) {
        String fingerprint = ctx.pathParam("fingerprint");
        String comment = ctx.body().isBlank() ? "" : Bodies.parse(ctx, Comment.class).comment();
        var ack =
                alerts.acknowledge(fingerprint, AccessControl.principal(ctx).auditName(), comment);
        audit.record(ctx, "alert.ack", "alert", fingerprint, Map.of("comment", ack.comment()));
        ctx.json(ack);
    }

    private void unack(Context ctx) {
        alerts.unacknowledge(ctx.pathParam("fingerprint"));
        audit.record(ctx, "alert.unack", "alert", ctx.pathParam("fingerprint"), Map.of());
        ctx.status(204);
    }

    private void resolve(Context ctx) {
        String fingerprint = ctx.pathParam("fingerprint");
        String comment = ctx.body().isBlank() ? "" : Bodies.parse(ctx, Comment.class).comment();
        var event = alerts.resolve(fingerprint, AccessControl.principal(ctx).auditName(), comment);
        audit.record(
                ctx,
                "alert.resolve",
                "alert",
                fingerprint,
                Map.of("comment", comment == null ? "" : comment));
        ctx.json(event);
    }

    private void createSilence(Context ctx) {
        SilenceBody b = Bodies.parse(ctx, SilenceBody.class);
        Silences.Silence s =
                silences.create(
                        b.matchers(),
                        optionalTime("starts_at", b.startsAt()),
                        requiredTime("ends_at", b.endsAt()),
                        b.comment(),
                        AccessControl.principal(ctx).auditName());
        audit.record(ctx, "silence.create", "silence", s.id(), Map.of("comment", s.comment()));
        ctx.status(201).json(s);
    }

    private void updateSilence(Context ctx) {
        SilenceBody b = Bodies.parse(ctx, SilenceBody.class);
        Silences.Silence s =
                silences.update(
                        ctx.pathParam("id"),
                        b.matchers(),
                        optionalTime("starts_at", b.startsAt()),
                        requiredTime("ends_at", b.endsAt()),
                        b.comment());
        audit.record(ctx, "silence.update", "silence", s.id(), Map.of("comment", s.comment()));
        ctx.json(s);
    }

    private void expireSilence(Context ctx) {
        Silences.Silence s = silences.expire(ctx.pathParam("id"));
        audit.record(ctx, "silence.expire", "silence", s.id(), Map.of());
        ctx.json(s);
    }

    private static Long time(Context ctx, String name) {
        String text = ctx.queryParam(name);
        return text == null ? null : parseTime(name, text);
    }

    private static Long optionalTime(String field, JsonNode node) {
        return node == null || node.isNull() ? null : requiredTime(field, node);
    }

    private static long requiredTime(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiException.badParameter(field, field + " is required");
        }
        return node.isNumber() ? node.asLong() : parseTime(field, node.asText());
    }

    /** Epoch milliseconds or RFC 3339. */
    private static long parseTime(String field, String text) {
        try {
            return text.matches("\\d+") ? Long.parseLong(text) : Instant.parse(text).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ApiException.badParameter(
                    field,
                    field
                            + " must be epoch milliseconds or RFC 3339, got '"
                            + text.toLowerCase(Locale.ROOT)
                            + "'");
        }
    }
}
