package io.aimonitor.api.ai.analysis;

import java.util.List;

/**
 * The structured result of analysing an incident, from the offline analyzer or a language model,
 * always validated ({@link AnalysisValidator}) before anyone sees it.
 *
 * @param rootCause the entity most likely at the origin and why
 * @param evidence ids from the evidence pack that support it
 * @param severity critical, warning or info: how bad the analyzer judges the incident
 * @param confidence 0 to 1
 */
public record Analysis(
        String summary,
        RootCause rootCause,
        List<String> evidence,
        List<String> actions,
        String severity,
        double confidence) {

    public record RootCause(String entity, String reason) {}
}
