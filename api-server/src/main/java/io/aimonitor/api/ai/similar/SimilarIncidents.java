package io.aimonitor.api.ai.similar;

import io.aimonitor.api.alerts.AlertService;
import io.aimonitor.api.metadata.AckRepository;
import io.aimonitor.api.metadata.AnalysisRepository;
import io.aimonitor.api.metadata.AnalysisRepository.StoredAnalysis;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The past incidents closest to one analysis by the cosine similarity of their summaries, each with
 * how it ended: when its alert resolved, the acknowledgement's and the feedback's comments.
 */
public final class SimilarIncidents {
    static final int CANDIDATES = 2000;
    static final double MIN_SIMILARITY = 0.5;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final AnalysisRepository analyses;
    private final AlertService alerts;
    private final AckRepository acks;

    public SimilarIncidents(AnalysisRepository analyses, AlertService alerts, AckRepository acks) {
        this.analyses = analyses;
        this.alerts = alerts;
        this.acks = acks;
    }

    public List<Map<String, Object>> closest(StoredAnalysis to, int k) {
        if (to.embedding() == null) {
            return List.of();
        }
        float[] vector = IncidentEmbeddings.decode(to.embedding());
        record Scored(StoredAnalysis analysis, double similarity) {}
        List<Scored> scored = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (StoredAnalysis other : analyses.embedded(to.incidentKey(), CANDIDATES)) {
            if (seen.add(other.incidentKey())) { // the newest analysis of each incident
                double s =
                        IncidentEmbeddings.cosine(
                                vector, IncidentEmbeddings.decode(other.embedding()));
                if (s >= MIN_SIMILARITY) {
                    scored.add(new Scored(other, s));
                }
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::similarity).reversed());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Scored s : scored.subList(0, Math.min(k, scored.size()))) {
            StoredAnalysis a = s.analysis();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("incident_key", a.incidentKey());
            m.put("fingerprint", a.fingerprint());
            m.put("analysis_id", a.id());
            m.put("similarity", Math.round(s.similarity() * 1000) / 1000.0);
            m.put("analysed_at", a.createdAt());
            m.put("analysis", tree(a.analysis()));
            m.put("resolution", resolution(a));
            out.add(m);
        }
        return out;
    }

    private static Object tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    private Map<String, Object> resolution(StoredAnalysis a) {
        Map<String, Object> r = new LinkedHashMap<>();
        List<AlertEvent> history = alerts.history(a.fingerprint(), 1);
        if (!history.isEmpty() && history.get(0).state() == AlertState.RESOLVED) {
            r.put("resolved_at", history.get(0).endsAt());
            if (history.get(0).reason() != null) {
                r.put("how", history.get(0).reason());
            }
        }
        acks.get(a.fingerprint())
                .ifPresent(ack -> r.put("acknowledged", ack.ackedBy() + ": " + ack.comment()));
        List<String> notes = new ArrayList<>();
        analyses.feedback(a.id())
                .forEach(
                        f -> {
                            if (!f.comment().isEmpty()) {
                                notes.add(
                                        (f.helpful() ? "helpful: " : "not helpful: ")
                                                + f.comment());
                            }
                        });
        if (!notes.isEmpty()) {
            r.put("feedback", notes);
        }
        return r;
    }
}
