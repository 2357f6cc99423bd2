package io.aimonitor.api.ai.evidence;

import java.util.List;
import java.util.Map;

/**
 * One metric series of one entity around an incident, with its learned band when it has one.
 *
 * @param id the evidence id an analysis refers to ("S1", "S2" ...)
 * @param entity the service or host it describes ("service:checkout", "host:db-1")
 * @param timesMs sample times, ascending, parallel to {@code values}
 */
public record SeriesEvidence(
        String id,
        String entity,
        String metric,
        Map<String, String> labels,
        long[] timesMs,
        double[] values,
        List<double[]> band) {}
