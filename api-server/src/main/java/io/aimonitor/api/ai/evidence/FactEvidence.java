package io.aimonitor.api.ai.evidence;

import java.util.Map;

/**
 * Any other thing the system knows about an incident: another firing alert, a RED change, a slow
 * trace, an error group, a rule or deploy change.
 *
 * @param id the evidence id an analysis refers to ("F1", "F2" ...)
 * @param kind alert, red_change, slow_trace, error_group or change
 * @param entity the service or host it concerns
 * @param atMs when it happened or started
 */
public record FactEvidence(
        String id,
        String kind,
        String entity,
        long atMs,
        String text,
        Map<String, String> fields) {}
