package io.aimonitor.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.schemas.metrics.HistogramQuantile;
import io.aimonitor.schemas.metrics.MetricType;
import io.aimonitor.schemas.rules.LabelMatcher;
import io.aimonitor.schemas.rules.MatchOp;
import io.aimonitor.store.TelemetryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers metric queries from the best table for the step: raw samples, or the 1-minute or 1-hour
 * rollups when the step is a whole number of minutes or hours. Values reach SQL only as bound
 * parameters.
 */
public final class MetricQueryService {
    private static final int MAX_ROWS = 500_000;

    private final TelemetryStore store;

    public MetricQueryService(TelemetryStore store) {
        this.store = store;
    }

    public record MetricInfo(String name, String type, String unit, String description) {}

    public List<MetricInfo> metrics(String search) {
        List<JsonNode> rows =
                store.query(
                        "SELECT metric, argMax(type, updated_at) AS type, argMax(unit, updated_at) AS unit,"
                                + " argMax(description, updated_at) AS description FROM "
                                + store.database()
                                + ".metric_metadata WHERE positionCaseInsensitive(metric, {q:String}) > 0"
                                + " GROUP BY metric ORDER BY metric LIMIT 10000",
                        Map.of("q", search == null ? "" : search));
        List<MetricInfo> out = new ArrayList<>(rows.size());
        for (JsonNode r : rows) {
            out.add(
                    new MetricInfo(
                            r.path("metric").asText(),
                            r.path("type").asText(),
                            r.path("unit").asText(),
                            r.path("description").asText()));
        }
        return out;
    }

    public List<String> labelNames(String metric) {
        return column(
                store.query(
                        "SELECT DISTINCT arrayJoin(mapKeys(labels)) AS v FROM "
                                + store.database()
                                + ".series"
                                + " WHERE {metric:String} = '' OR metric = {metric:String} ORDER BY v LIMIT 10000",
                        Map.of("metric", metric == null ? "" : metric)));
    }

    public List<String> labelValues(String label, String metric, long fromMs, long toMs) {
        return column(
                store.query(
                        "SELECT DISTINCT labels[{label:String}] AS v FROM "
                                + store.database()
                                + ".series"
                                + " WHERE mapContains(labels, {label:String})"
                                + " AND ({metric:String} = '' OR metric = {metric:String})"
                                + " AND last_seen >= fromUnixTimestamp64Milli({from:Int64})"
                                + " AND first_seen < fromUnixTimestamp64Milli({to:Int64})"
                                + " ORDER BY v LIMIT 10000",
                        Map.of(
                                "label",
                                label,
                                "metric",
                                metric == null ? "" : metric,
                                "from",
                                Long.toString(fromMs),
                                "to",
                                Long.toString(toMs))));
    }

    private static List<String> column(List<JsonNode> rows) {
        List<String> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(r.path("v").asText()));
        return out;
    }

    public QueryResult queryRange(QueryRange q) {
        List<JsonNode> meta =
                store.query(
                        "SELECT argMax(type, updated_at) AS type, argMax(unit, updated_at) AS unit,"
                                + " argMax(monotonic, updated_at) AS monotonic FROM "
                                + store.database()
                                + ".metric_metadata WHERE metric = {metric:String} HAVING count() > 0",
                        Map.of("metric", q.metric()));
        if (meta.isEmpty()) {
            return new QueryResult(
                    q.metric(),
                    null,
                    null,
                    q.agg().lowerName(),
                    q.stepMs() / 1000,
                    null,
                    q.fromMs(),
                    q.toMs(),
                    List.of());
        }
        MetricType type = MetricType.fromStoredName(meta.get(0).path("type").asText());
        boolean counter = type == MetricType.SUM && meta.get(0).path("monotonic").asInt() == 1;
        String table = table(type, q.stepMs());
        Map<String, String> params = new HashMap<>();
        String sql = sql(q, type, counter, table, params);
        List<JsonNode> rows = store.query(sql, params);
        if (rows.size() > MAX_ROWS) {
            throw new ApiException(
                    400,
                    "result_too_large",
                    "the query matches more than "
                            + MAX_ROWS
                            + " points; narrow match[...] or group_by, or use a larger step",
                    Map.of("parameter", "group_by"));
        }
        return new QueryResult(
                q.metric(),
                type.storedName(),
                meta.get(0).path("unit").asText(),
                q.agg().lowerName(),
                q.stepMs() / 1000,
                table,
                q.fromMs(),
                q.toMs(),
                toSeries(rows, q));
    }

    /** Raw points unless the step is a whole number of minutes (1m rollup) or hours (1h rollup). */
    static String table(MetricType type, long stepMs) {
        String base = type.isHistogram() ? "histograms" : "samples";
        if (stepMs % 3_600_000 == 0) {
            return base + "_1h";
        }
        if (stepMs % 60_000 == 0) {
            return base + "_1m";
        }
        return base;
    }

    /**
     * Samples (alias s) of the metric in the range, joined to the series index (alias l) when
     * labels filter or group them; l.g0, l.g1... are the group_by label values.
     */
    private String sql(
            QueryRange q,
            MetricType type,
            boolean counter,
            String table,
            Map<String, String> params) {
        boolean rollup = table.endsWith("_1m") || table.endsWith("_1h");
        params.put("metric", q.metric());
        params.put("from", Long.toString(q.fromMs()));
        params.put("to", Long.toString(q.toMs()));
        params.put("step", Long.toString(q.stepMs() / 1000));
        params.put("stepSeconds", Double.toString(q.stepMs() / 1000.0));
        String db = store.database();

        StringBuilder seriesWhere = new StringBuilder();
        int i = 0;
        for (LabelMatcher m : q.matchers()) {
            String label = "labels[{mk" + i + ":String}]";
            String value = "{mv" + i + ":String}";
            params.put("mk" + i, m.label());
            // regexes are anchored, as in Prometheus
            params.put(
                    "mv" + i,
                    m.op() == MatchOp.RE || m.op() == MatchOp.NRE
                            ? "^(?:" + m.value() + ")$"
                            : m.value());
            seriesWhere.append(
                    switch (m.op()) {
                        case EQ -> " AND " + label + " = " + value;
                        case NE -> " AND " + label + " != " + value;
                        case RE -> " AND match(" + label + ", " + value + ")";
                        case NRE -> " AND NOT match(" + label + ", " + value + ")";
                    });
            i++;
        }
        StringBuilder groupLabels = new StringBuilder(); // in the series subquery
        StringBuilder groupKeys = new StringBuilder(); // "g0, g1, " for GROUP BY and ORDER BY
        StringBuilder groupColumns = new StringBuilder(); // "l.g0 AS g0, " in the outer select
        StringBuilder groupAny = new StringBuilder(); // ", any(l.g0) AS g0" in the per-series level
        if (q.perSeries()) {
            groupLabels.append(", any(labels) AS all_labels");
            groupKeys.append("series_id, ");
            groupColumns.append("series_id, any(l.all_labels) AS all_labels, ");
            groupAny.append(", any(l.all_labels) AS all_labels");
        }
        for (int g = 0; g < q.groupBy().size(); g++) {
            params.put("g" + g, q.groupBy().get(g));
            groupLabels.append(", any(labels[{g").append(g).append(":String}]) AS g").append(g);
            groupKeys.append("g").append(g).append(", ");
            groupColumns.append("l.g").append(g).append(" AS g").append(g).append(", ");
            groupAny.append(", any(l.g").append(g).append(") AS g").append(g);
        }
        String join =
                seriesWhere.length() == 0 && q.groupBy().isEmpty() && !q.perSeries()
                        ? ""
                        : " INNER JOIN (SELECT series_id"
                                + groupLabels
                                + " FROM "
                                + db
                                + ".series WHERE metric = {metric:String}"
                                + seriesWhere
                                + " GROUP BY series_id) AS l USING series_id";
        String from =
                " FROM "
                        + db
                        + "."
                        + table
                        + " AS s"
                        + join
                        + " WHERE s.metric = {metric:String}"
                        + " AND s.ts >= fromUnixTimestamp64Milli({from:Int64}) AND s.ts < fromUnixTimestamp64Milli({to:Int64})";
        String bucket = "toStartOfInterval(s.ts, toIntervalSecond({step:UInt32}))";
        String tail =
                " GROUP BY " + groupKeys + "b ORDER BY " + groupKeys + "b LIMIT " + (MAX_ROWS + 1);

        if (q.agg() == Aggregation.SUM && !type.isHistogram() && !counter) {
            // a level summed over series: each series' average in the step first
            String level = rollup ? "sum(s.sum) / sum(s.count)" : "avg(s.value)";
            return "SELECT toUnixTimestamp(b) AS t, "
                    + groupKeys
                    + (q.perSeries() ? "any(all_labels) AS all_labels, " : "")
                    + "sum(v) AS value FROM (SELECT "
                    + bucket
                    + " AS b"
                    + groupAny
                    + ", "
                    + level
                    + " AS v"
                    + from
                    + " GROUP BY b, series_id)"
                    + tail;
        }
        String select =
                "SELECT toUnixTimestamp(" + bucket + ") AS t, " + bucket + " AS b, " + groupColumns;
        if (type.isHistogram() && q.agg().isQuantile()) {
            String buckets =
                    rollup ? "sumMap(s.buckets)" : "sumMap(arrayPushBack(s.bounds, inf), s.counts)";
            return select
                    + "arraySort(groupUniqArrayArray(s.bounds)) AS all_bounds, "
                    + buckets
                    + " AS merged,"
                    + " min(s.min) AS lo, max(s.max) AS hi"
                    + from
                    + tail;
        }
        return select + expression(q.agg(), type, counter, rollup) + " AS value" + from + tail;
    }

    private static String expression(
            Aggregation agg, MetricType type, boolean counter, boolean rollup) {
        if (type.isHistogram()) {
            return switch (agg) {
                case AVG -> "sum(s.sum) / sum(s.count)";
                case MIN -> "min(s.min)";
                case MAX -> "max(s.max)";
                case SUM -> "sum(s.sum)";
                case COUNT -> "toFloat64(sum(s.count))";
                case RATE -> "sum(s.count) / {stepSeconds:Float64}";
                default ->
                        throw ApiException.badParameter(
                                "agg", agg.lowerName() + " does not apply to histograms");
            };
        }
        if (agg == Aggregation.RATE || (agg == Aggregation.SUM && counter)) {
            if (type == MetricType.GAUGE) {
                throw ApiException.badParameter(
                        "agg", "rate needs a sum or histogram metric; this metric is a gauge");
            }
            return agg == Aggregation.RATE
                    ? "sum(s.delta) / {stepSeconds:Float64}"
                    : "sum(s.delta)";
        }
        if (agg.isQuantile()) {
            if (counter) {
                throw ApiException.badParameter(
                        "agg",
                        agg.lowerName()
                                + " needs a gauge or histogram metric; this metric is a counter (use rate)");
            }
            String level = Double.toString(agg.quantile());
            return rollup
                    ? "quantileTDigestMerge(" + level + ")(s.digest)"
                    : "quantileTDigest(" + level + ")(s.value)";
        }
        return switch (agg) {
            case AVG -> rollup ? "sum(s.sum) / sum(s.count)" : "avg(s.value)";
            case MIN -> rollup ? "min(s.min)" : "min(s.value)";
            case MAX -> rollup ? "max(s.max)" : "max(s.value)";
            case COUNT -> rollup ? "toFloat64(sum(s.count))" : "toFloat64(count())";
            case LAST -> rollup ? "argMaxMerge(s.last)" : "argMax(s.value, s.ts)";
            default -> throw new IllegalStateException(agg.name());
        };
    }

    private static List<QueryResult.Series> toSeries(List<JsonNode> rows, QueryRange q) {
        Map<List<String>, List<Object[]>> byGroup = new LinkedHashMap<>();
        Map<List<String>, Map<String, String>> labelsByGroup = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            List<String> key = new ArrayList<>(q.groupBy().size() + 1);
            Map<String, String> labels = new LinkedHashMap<>();
            if (q.perSeries()) {
                key.add(row.path("series_id").asText());
                row.path("all_labels")
                        .properties()
                        .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            }
            for (int g = 0; g < q.groupBy().size(); g++) {
                key.add(row.path("g" + g).asText());
                labels.put(q.groupBy().get(g), row.path("g" + g).asText());
            }
            labelsByGroup.putIfAbsent(key, labels);
            byGroup.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new Object[] {row.path("t").asLong() * 1000, value(row, q.agg())});
        }
        List<QueryResult.Series> series = new ArrayList<>(byGroup.size());
        byGroup.forEach(
                (key, points) ->
                        series.add(new QueryResult.Series(labelsByGroup.get(key), points)));
        return series;
    }

    private static Double value(JsonNode row, Aggregation agg) {
        if (row.has("merged")) {
            return finite(histogramQuantile(row, agg.quantile()));
        }
        JsonNode v = row.path("value");
        return v.isNumber() ? finite(v.asDouble()) : null;
    }

    private static double histogramQuantile(JsonNode row, double q) {
        JsonNode allBounds = row.path("all_bounds");
        double[] bounds = new double[allBounds.size()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = allBounds.get(i).asDouble();
        }
        long[] counts = new long[bounds.length + 1];
        JsonNode keys = row.path("merged").path(0);
        JsonNode values = row.path("merged").path(1);
        for (int i = 0; i < keys.size(); i++) {
            long count = values.get(i).asLong();
            // +Inf renders as null in ClickHouse JSON
            int at =
                    keys.get(i).isNull()
                            ? bounds.length
                            : java.util.Arrays.binarySearch(bounds, keys.get(i).asDouble());
            if (at >= 0) {
                counts[at] += count;
            }
        }
        return HistogramQuantile.estimate(
                q, bounds, counts, number(row.path("lo")), number(row.path("hi")));
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
