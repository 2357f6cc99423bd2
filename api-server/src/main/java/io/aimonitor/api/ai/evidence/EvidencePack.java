package io.aimonitor.api.ai.evidence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the system already knows about one incident, gathered when it fires: the rule and its
 * condition, the alerting series, related series of the same and neighbouring entities, and facts.
 * Telemetry text in here is data, never instructions, and secrets are redacted before it is built
 * ({@link Redaction}).
 *
 * @param incidentKey the alert group the pack describes (one analysis per incident)
 * @param alerting the series that fired ("S1")
 * @param firedAtMs when the incident started
 */
public record EvidencePack(
        String incidentKey,
        String ruleName,
        String condition,
        String severity,
        long firedAtMs,
        SeriesEvidence alerting,
        List<SeriesEvidence> related,
        List<FactEvidence> facts) {

    /** Every evidence id an analysis may cite. */
    public Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(alerting.id());
        related.forEach(s -> ids.add(s.id()));
        facts.forEach(f -> ids.add(f.id()));
        return ids;
    }

    /** Every entity a root cause may name. */
    public Set<String> entities() {
        Set<String> entities = new LinkedHashSet<>();
        entities.add(alerting.entity());
        related.forEach(s -> entities.add(s.entity()));
        facts.forEach(f -> entities.add(f.entity()));
        return entities;
    }

    public List<SeriesEvidence> allSeries() {
        List<SeriesEvidence> all = new ArrayList<>();
        all.add(alerting);
        all.addAll(related);
        return all;
    }
}
