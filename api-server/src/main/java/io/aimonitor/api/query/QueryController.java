package io.aimonitor.api.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.Bodies;
import io.aimonitor.api.shared.SharedState;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The metric query endpoints under {@code /api/v1}. Identical range queries within the cache TTL
 * (after rounding "now" down to it) are answered from the shared query cache.
 */
public final class QueryController {
    private final MetricQueryService queries;
    private final int maxPoints;
    private final SharedState cache;
    private final Duration cacheTtl;
    private final Clock clock;

    public QueryController(
            MetricQueryService queries,
            int maxPoints,
            SharedState cache,
            Duration cacheTtl,
            Clock clock) {
        this.queries = queries;
        this.maxPoints = maxPoints;
        this.cache = cache;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    public void register(ApiRoutes routes) {
        routes.get(
                        "/api/v1/metrics",
                        Role.VIEWER,
                        "metrics",
                        "Metric names with type, unit and description",
                        this::metrics,
                        "q")
                .get(
                        "/api/v1/labels",
                        Role.VIEWER,
                        "metrics",
                        "Label names",
                        this::labels,
                        "metric")
                .get(
                        "/api/v1/labels/{name}/values",
                        Role.VIEWER,
                        "metrics",
                        "Values of one label",
                        this::labelValues,
                        "metric",
                        "from",
                        "to")
                .get(
                        "/api/v1/query_range",
                        Role.VIEWER,
                        "metrics",
                        "Aggregated series over a time range",
                        this::queryRange,
                        "metric",
                        "from",
                        "to",
                        "step",
                        "agg",
                        "group_by",
                        "match[label]",
                        "match_re[label]");
    }

    private void metrics(Context ctx) {
        ctx.json(Map.of("metrics", queries.metrics(ctx.queryParam("q"))));
    }

    private void labels(Context ctx) {
        ctx.json(Map.of("labels", queries.labelNames(ctx.queryParam("metric"))));
    }

    private void labelValues(Context ctx) {
        long now = clock.millis();
        String from = ctx.queryParam("from");
        String to = ctx.queryParam("to");
        long toMs = to == null ? now : TimeParams.instantMillis("to", to, now);
        long fromMs =
                from == null ? toMs - 86_400_000L : TimeParams.instantMillis("from", from, now);
        String label = ctx.pathParam("name");
        ctx.json(
                Map.of(
                        "label",
                        label,
                        "values",
                        queries.labelValues(label, ctx.queryParam("metric"), fromMs, toMs)));
    }

    private void queryRange(Context ctx) throws JsonProcessingException {
        long now = clock.millis();
        if (!cacheTtl.isZero()) {
            now -= now % cacheTtl.toMillis(); // viewers within one TTL share one answer
        }
        QueryRange q = QueryRange.parse(ctx.queryParamMap(), now, maxPoints);
        if (cacheTtl.isZero()) {
            ctx.json(queries.queryRange(q));
            return;
        }
        String key = "query_range:" + Bodies.mapper().writeValueAsString(q);
        Optional<String> hit = cache.cached(key);
        String body =
                hit.isPresent()
                        ? hit.get()
                        : Bodies.mapper().writeValueAsString(queries.queryRange(q));
        if (hit.isEmpty()) {
            cache.cache(key, body, cacheTtl);
        }
        ctx.header("X-Cache", hit.isPresent() ? "hit" : "miss")
                .contentType("application/json")
                .result(body);
    }
}
