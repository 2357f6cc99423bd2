package io.aimonitor.api.ai.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.api.ai.AnalysisService;
import io.aimonitor.api.ai.similar.SimilarIncidents;
import io.aimonitor.api.alerts.AlertService;
import io.aimonitor.api.auth.AccessControl;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.Bodies;
import io.aimonitor.api.metadata.AnalysisRepository;
import io.aimonitor.api.metadata.AnalysisRepository.StoredAnalysis;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An alert's incident analyses, re-running them, and feedback on them. */
public final class AnalysisController {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Feedback: was the analysis helpful, and why. */
    public record FeedbackBody(Boolean helpful, String comment) {}

    private final AnalysisService service;
    private final AnalysisRepository analyses;
    private final AlertService alerts;
    private final SimilarIncidents similar;
    private final Clock clock;

    public AnalysisController(
            AnalysisService service,
            AnalysisRepository analyses,
            AlertService alerts,
            SimilarIncidents similar,
            Clock clock) {
        this.similar = similar;
        this.service = service;
        this.analyses = analyses;
        this.alerts = alerts;
        this.clock = clock;
    }

    public void register(ApiRoutes routes) {
        routes.get(
                        "/api/v1/alerts/{fingerprint}/analysis",
                        Role.VIEWER,
                        "alerts",
                        "The analyses of the alert's incident, newest first: offline and by the model, failed runs with their error",
                        this::get)
                .post(
                        "/api/v1/alerts/{fingerprint}/analysis",
                        Role.EDITOR,
                        "alerts",
                        "Analyse the alert's incident again now, with fresh evidence",
                        this::rerun)
                .post(
                        "/api/v1/analyses/{id}/feedback",
                        Role.VIEWER,
                        "alerts",
                        "Was an analysis helpful: {helpful, comment}; one per user, the last one counts",
                        this::feedback);
    }

    private void get(Context ctx) {
        AlertEvent alert = alert(ctx.pathParam("fingerprint"));
        String key = AnalysisService.incidentKey(alert);
        List<StoredAnalysis> runs = analyses.forIncident(key, 20);
        if (runs.isEmpty()) {
            throw new ApiException(
                    404, "not_found", "no analysis of this alert's incident yet", Map.of());
        }
        ctx.json(response(key, runs));
    }

    private void rerun(Context ctx) {
        AlertEvent alert = alert(ctx.pathParam("fingerprint"));
        List<StoredAnalysis> runs;
        try {
            runs = service.analyze(alert, true);
        } catch (AnalysisService.Unavailable e) {
            throw new ApiException(409, "conflict", e.getMessage(), Map.of());
        }
        ctx.status(201).json(response(AnalysisService.incidentKey(alert), runs));
    }

    /** The runs, and the past incidents most like the newest valid one. */
    private Map<String, Object> response(String key, List<StoredAnalysis> runs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("incident_key", key);
        m.put("analyses", views(runs));
        m.put(
                "similar_incidents",
                runs.stream()
                        .filter(r -> "ok".equals(r.status()))
                        .findFirst()
                        .map(r -> similar.closest(r, 5))
                        .orElse(List.of()));
        return m;
    }

    private void feedback(Context ctx) {
        String id = ctx.pathParam("id");
        if (analyses.get(id).isEmpty()) {
            throw new ApiException(404, "not_found", "no analysis " + id, Map.of());
        }
        FeedbackBody body = Bodies.parse(ctx, FeedbackBody.class);
        if (body.helpful() == null) {
            throw ApiException.badParameter("helpful", "helpful: true or false is required");
        }
        String comment = body.comment() == null ? "" : body.comment();
        if (comment.length() > 2000) {
            throw ApiException.badParameter("comment", "comment: at most 2000 characters");
        }
        analyses.putFeedback(
                new AnalysisRepository.Feedback(
                        id,
                        AccessControl.principal(ctx).auditName(),
                        body.helpful(),
                        comment,
                        clock.millis()));
        ctx.json(Map.of("feedback", analyses.feedback(id)));
    }

    private AlertEvent alert(String fingerprint) {
        List<AlertEvent> history = alerts.history(fingerprint, 1);
        if (history.isEmpty()) {
            throw new ApiException(404, "not_found", "no alert " + fingerprint, Map.of());
        }
        return history.get(0);
    }

    private List<Map<String, Object>> views(List<StoredAnalysis> runs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StoredAnalysis s : runs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("analyzer", s.analyzer());
            m.put("status", s.status());
            m.put("analysis", s.analysis() == null ? null : tree(s.analysis()));
            m.put("error", s.error());
            m.put("fingerprint", s.fingerprint());
            m.put("attempts", s.attempts());
            m.put("input_tokens", s.inputTokens());
            m.put("output_tokens", s.outputTokens());
            m.put("duration_ms", s.durationMs());
            m.put("created_at", s.createdAt());
            m.put("evidence", tree(s.evidence()));
            List<AnalysisRepository.Feedback> fb = analyses.feedback(s.id());
            m.put("helpful", fb.stream().filter(AnalysisRepository.Feedback::helpful).count());
            m.put("not_helpful", fb.stream().filter(f -> !f.helpful()).count());
            out.add(m);
        }
        return out;
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
