package io.aimonitor.api.query;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;

/** The metric query endpoints under {@code /api/v1}. */
public final class QueryController {
    private final MetricQueryService queries;
    private final int maxPoints;

    public QueryController(MetricQueryService queries, int maxPoints) {
        this.queries = queries;
        this.maxPoints = maxPoints;
    }

    public void register(JavalinConfig config) {
        config.routes.get("/api/v1/metrics", this::metrics);
        config.routes.get("/api/v1/labels", this::labels);
        config.routes.get("/api/v1/labels/{name}/values", this::labelValues);
        config.routes.get("/api/v1/query_range", this::queryRange);
    }

    private void metrics(Context ctx) {
        ctx.json(Map.of("metrics", queries.metrics(ctx.queryParam("q"))));
    }

    private void labels(Context ctx) {
        ctx.json(Map.of("labels", queries.labelNames(ctx.queryParam("metric"))));
    }

    private void labelValues(Context ctx) {
        long now = System.currentTimeMillis();
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

    private void queryRange(Context ctx) {
        QueryRange q = QueryRange.parse(ctx.queryParamMap(), System.currentTimeMillis(), maxPoints);
        ctx.json(queries.queryRange(q));
    }
}
