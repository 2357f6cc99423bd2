package io.aimonitor.api.query;

import java.util.List;
import java.util.Map;

/**
 * The answer to a {@code query_range}: one entry per series, points as {@code [epochMillis, value]}
 * with null where a value is not a number.
 */
public record QueryResult(
        String metric,
        String type,
        String unit,
        String agg,
        long step,
        String source,
        long from,
        long to,
        List<Series> series) {

    public record Series(Map<String, String> labels, List<Object[]> points) {}
}
