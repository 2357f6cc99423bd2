package io.aimonitor.api.apm;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.QueryParams;
import io.aimonitor.api.query.TimeParams;
import io.aimonitor.schemas.traces.DurationSketch;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Services with RED, operations per service, the service map, error groups, slow spans and trace
 * summaries over a range (default: the last hour).
 */
public final class ApmController {
    private final ApmStore apm;

    public ApmController(ApmStore apm) {
        this.apm = apm;
    }

    public void register(ApiRoutes routes) {
        routes.get(
                        "/api/v1/apm/services",
                        Role.VIEWER,
                        "apm",
                        "Services with rate, error rate and duration p50/p95/p99 of their entry spans",
                        ctx -> {
                            long[] r = range(ctx);
                            ctx.json(
                                    Map.of(
                                            "services",
                                            red(apm.services(r[0], r[1]), "service", r)));
                        },
                        "from",
                        "to")
                .get(
                        "/api/v1/apm/services/{service}/operations",
                        Role.VIEWER,
                        "apm",
                        "A service's operations with rate, error rate and duration percentiles",
                        ctx -> {
                            long[] r = range(ctx);
                            List<JsonNode> rows =
                                    apm.operations(ctx.pathParam("service"), r[0], r[1]);
                            ctx.json(Map.of("operations", red(rows, "operation", r)));
                        },
                        "from",
                        "to")
                .get(
                        "/api/v1/apm/service-map",
                        Role.VIEWER,
                        "apm",
                        "Service map: nodes and caller -> callee edges with rate, errors and latency",
                        this::serviceMap,
                        "from",
                        "to")
                .get(
                        "/api/v1/apm/errors",
                        Role.VIEWER,
                        "apm",
                        "Error groups: exception type, normalised message and operation, with counts and an example trace",
                        this::errorGroups,
                        "service",
                        "from",
                        "to",
                        "limit")
                .get(
                        "/api/v1/apm/slow-spans",
                        Role.VIEWER,
                        "apm",
                        "Spans far slower than their operation's learned baseline, newest first",
                        this::slowSpans,
                        "service",
                        "from",
                        "to",
                        "limit")
                .get(
                        "/api/v1/apm/traces",
                        Role.VIEWER,
                        "apm",
                        "Trace summaries (root, duration, spans, errors, services): slowest or newest first",
                        this::traceSummaries,
                        "service",
                        "failed",
                        "order",
                        "from",
                        "to",
                        "limit");
    }

    private void serviceMap(Context ctx) {
        long[] r = range(ctx);
        List<Map<String, Object>> edges = new ArrayList<>();
        Set<String> nodes = new TreeSet<>();
        for (JsonNode e : apm.serviceMap(r[0], r[1])) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("caller", e.path("caller").asText());
            m.put("callee", e.path("callee").asText());
            m.putAll(redValues(e, r));
            nodes.add(e.path("caller").asText());
            nodes.add(e.path("callee").asText());
            edges.add(m);
        }
        for (JsonNode s : apm.services(r[0], r[1])) {
            nodes.add(s.path("service").asText());
        }
        ctx.json(Map.of("nodes", nodes, "edges", edges));
    }

    private void errorGroups(Context ctx) {
        long[] r = range(ctx);
        List<Map<String, Object>> groups = new ArrayList<>();
        for (JsonNode g : apm.errorGroups(ctx.queryParam("service"), r[0], r[1], limit(ctx))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fingerprint", g.path("fingerprint").asText());
            m.put("service", g.path("service").asText());
            m.put("operation", g.path("operation").asText());
            m.put("type", g.path("type").asText());
            m.put("message", g.path("message").asText());
            m.put("occurrences", g.path("occurrences").asLong());
            m.put("last_window_ms", Long.parseLong(g.path("last_window_ms").asText()));
            m.put("example_trace_id", g.path("example_trace_id").asText());
            groups.add(m);
        }
        ctx.json(Map.of("error_groups", groups));
    }

    private void slowSpans(Context ctx) {
        long[] r = range(ctx);
        List<Map<String, Object>> spans = new ArrayList<>();
        for (JsonNode s : apm.slowSpans(ctx.queryParam("service"), r[0], r[1], limit(ctx))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trace_id", s.path("trace_id").asText());
            m.put("span_id", s.path("span_id").asText());
            m.put("service", s.path("service").asText());
            m.put("operation", s.path("operation").asText());
            m.put("start_ms", Long.parseLong(s.path("start_ms").asText()));
            m.put("duration_ms", s.path("duration_ns").asLong() / 1e6);
            m.put("baseline_ms", s.path("baseline_ns").asLong() / 1e6);
            m.put("deviation", s.path("deviation").asDouble());
            spans.add(m);
        }
        ctx.json(Map.of("slow_spans", spans));
    }

    private void traceSummaries(Context ctx) {
        long[] r = range(ctx);
        String order = ctx.queryParam("order");
        if (order != null && !order.equals("duration") && !order.equals("start")) {
            throw ApiException.badParameter("order", "order must be duration or start");
        }
        String failed = ctx.queryParam("failed");
        if (failed != null && !failed.equals("true") && !failed.equals("false")) {
            throw ApiException.badParameter("failed", "failed must be true or false");
        }
        List<Map<String, Object>> traces = new ArrayList<>();
        for (JsonNode t :
                apm.traceSummaries(
                        ctx.queryParam("service"),
                        "true".equals(failed),
                        !"start".equals(order),
                        r[0],
                        r[1],
                        limit(ctx))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trace_id", t.path("trace_id").asText());
            m.put("root_service", t.path("root_service").asText());
            m.put("root_operation", t.path("root_operation").asText());
            m.put("start_ms", Long.parseLong(t.path("start_ms").asText()));
            m.put("duration_ms", t.path("duration_ns").asLong() / 1e6);
            m.put("span_count", t.path("span_count").asInt());
            m.put("error_count", t.path("error_count").asInt());
            m.put("services", t.path("services"));
            traces.add(m);
        }
        ctx.json(Map.of("traces", traces));
    }

    private static List<Map<String, Object>> red(List<JsonNode> rows, String key, long[] range) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode row : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(key, row.path(key).asText());
            m.putAll(redValues(row, range));
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> redValues(JsonNode row, long[] range) {
        long calls = row.path("calls").asLong();
        long errors = row.path("errors").asLong();
        DurationSketch durations = ApmStore.sketch(row);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("calls", calls);
        m.put("rate_per_s", calls / ((range[1] - range[0]) / 1000.0));
        m.put("errors", errors);
        m.put("error_rate", calls == 0 ? 0 : (double) errors / calls);
        m.put("p50_ms", durations.quantile(0.5) / 1e6);
        m.put("p95_ms", durations.quantile(0.95) / 1e6);
        m.put("p99_ms", durations.quantile(0.99) / 1e6);
        m.put("slowest_trace_id", row.path("slow_trace_id").asText());
        m.put("failed_trace_id", row.path("error_trace_id").asText());
        return m;
    }

    private static int limit(Context ctx) {
        return QueryParams.intParam(ctx, "limit", 50, 1, 1000);
    }

    private static long[] range(Context ctx) {
        TimeParams.Range r = TimeParams.range(ctx, "now-1h", System.currentTimeMillis());
        return new long[] {r.fromMs(), r.toMs()};
    }
}
