package io.aimonitor.api.ai;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.metadata.AnalysisRepository;
import io.aimonitor.schemas.alerts.AlertEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * Puts the summary of the alert's incident analysis into its {@code ai_summary} annotation, where
 * the notification templates find it (and escape it for each channel's format).
 */
public final class AnalysisSummaries {
    private final AnalysisRepository analyses;

    public AnalysisSummaries(AnalysisRepository analyses) {
        this.analyses = analyses;
    }

    public AlertEvent annotate(AlertEvent a) {
        if (a.annotations() != null && a.annotations().containsKey("ai_summary")) {
            return a;
        }
        try {
            // this episode's incident: an analysis from long before it describes another one
            return analyses.latestValid(
                            AnalysisService.incidentKey(a),
                            a.startsAt() - AnalysisService.INCIDENT_REUSE_MS)
                    .map(s -> withSummary(a, summaryOf(s.analysis())))
                    .orElse(a);
        } catch (RuntimeException e) {
            return a; // the notification goes out without the summary rather than not at all
        }
    }

    private static String summaryOf(String analysisJson) {
        try {
            JsonNode n = AnalysisService.JSON.readTree(analysisJson);
            return n.path("summary").asText();
        } catch (Exception e) {
            return "";
        }
    }

    private static AlertEvent withSummary(AlertEvent a, String summary) {
        if (summary.isEmpty()) {
            return a;
        }
        Map<String, String> annotations =
                new HashMap<>(a.annotations() == null ? Map.of() : a.annotations());
        annotations.put("ai_summary", summary);
        return new AlertEvent(
                a.fingerprint(),
                a.ruleId(),
                a.ruleVersion(),
                a.ruleName(),
                a.state(),
                a.previousState(),
                a.severity(),
                a.value(),
                a.labels(),
                annotations,
                a.startsAt(),
                a.endsAt(),
                a.eventTime(),
                a.reason());
    }
}
