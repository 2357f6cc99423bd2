package io.aimonitor.api.query;

import io.aimonitor.api.http.ApiException;
import io.aimonitor.schemas.rules.LabelMatcher;
import io.aimonitor.schemas.rules.MatchOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated {@code query_range} request. Without {@code group_by} every matching series is
 * combined into one; with it, one series per distinct combination of those labels.
 */
public record QueryRange(
        String metric,
        List<LabelMatcher> matchers,
        long fromMs,
        long toMs,
        long stepMs,
        Aggregation agg,
        List<String> groupBy,
        boolean perSeries) {

    private static final Pattern MATCH = Pattern.compile("(match|match_re)\\[(.+)]");
    private static final int MAX_NAME = 256;
    private static final int DEFAULT_POINTS = 300;

    /** Parses query parameters; every problem is a 400 naming the parameter. */
    public static QueryRange parse(Map<String, List<String>> params, long nowMs, int maxPoints) {
        String metric = single(params, "metric", null);
        if (metric == null || metric.isBlank()) {
            throw ApiException.badParameter("metric", "metric is required");
        }
        if (metric.length() > MAX_NAME) {
            throw ApiException.badParameter(
                    "metric", "metric is longer than " + MAX_NAME + " characters");
        }
        long to = TimeParams.instantMillis("to", single(params, "to", "now"), nowMs);
        long from = TimeParams.instantMillis("from", single(params, "from", "now-1h"), nowMs);
        if (from > to) {
            throw ApiException.badParameter("from", "from must not be later than to");
        }
        String stepText = single(params, "step", null);
        long step =
                stepText == null
                        ? defaultStep(to - from)
                        : TimeParams.durationMillis("step", stepText);
        if (step < 1000 || step % 1000 != 0) {
            throw ApiException.badParameter(
                    "step", "step must be a whole number of seconds, at least 1s");
        }
        // counted from the step-aligned start the query will use
        long points = (to - Math.floorDiv(from, step) * step) / step + 1;
        if (points > maxPoints) {
            throw ApiException.badParameter(
                    "step",
                    "the range would return "
                            + points
                            + " points per series, more than "
                            + maxPoints
                            + "; use a larger step or a shorter range");
        }
        String aggText = single(params, "agg", "avg");
        Aggregation agg = Aggregation.parse(aggText);
        if (agg == null) {
            throw ApiException.badParameter(
                    "agg",
                    "agg must be one of " + Aggregation.allowed() + ", got '" + aggText + "'");
        }
        List<String> groupBy = new ArrayList<>();
        String groupText = single(params, "group_by", "");
        for (String label : groupText.split(",")) {
            if (!label.isBlank()) {
                groupBy.add(labelName("group_by", label.strip()));
            }
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            Matcher m = MATCH.matcher(p.getKey());
            if (!m.matches()) {
                continue;
            }
            String label = labelName(p.getKey(), m.group(2));
            String value = p.getValue().isEmpty() ? "" : p.getValue().get(p.getValue().size() - 1);
            if (m.group(1).equals("match")) {
                matchers.add(new LabelMatcher(label, MatchOp.EQ, value));
            } else {
                try {
                    com.google.re2j.Pattern.compile(value); // what ClickHouse's RE2 accepts
                } catch (com.google.re2j.PatternSyntaxException e) {
                    throw ApiException.badParameter(
                            p.getKey(),
                            p.getKey()
                                    + " is not a valid regular expression: "
                                    + e.getDescription());
                }
                matchers.add(new LabelMatcher(label, MatchOp.RE, value));
            }
        }
        long alignedFrom = Math.floorDiv(from, step) * step;
        return new QueryRange(metric, matchers, alignedFrom, to, step, agg, groupBy, false);
    }

    /** About 300 points over the range, in whole seconds, at least 10 s. */
    static long defaultStep(long rangeMs) {
        long step = Math.max(10_000, rangeMs / DEFAULT_POINTS);
        return (step + 999) / 1000 * 1000;
    }

    private static String labelName(String parameter, String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw ApiException.badParameter(
                    parameter,
                    parameter + ": label names must have 1 to " + MAX_NAME + " characters");
        }
        return name;
    }

    private static String single(Map<String, List<String>> params, String name, String fallback) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(values.size() - 1);
    }
}
