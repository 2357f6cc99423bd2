package io.aimonitor.api.apm;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.QueryParams;
import io.aimonitor.api.query.TimeParams;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Services with RED, operations per service, the service map and error groups over a range. */
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
                            ctx.json(
                                    Map.of(
                                            "operations",
                                            red(
                                                    apm.operations(
                                                            ctx.pathParam("service"), r[0], r[1]),
                                                    "operation",
                                                    r)));
                        },
                        "from",
                        "to")
                .get(
                        "/api/v1/apm/service-map",
                        Role.VIEWER,
                        "apm",
                        "Service map: nodes and caller -> callee edges with calls, errors and p95 latency",
                        this::serviceMap,
                        "from",
                        "to")
                .get(
                        "/api/v1/apm/errors",
                        Role.VIEWER,
                        "apm",
                        "Error groups: exception type, normalised message and operation, with counts and an example trace",
                        ctx -> {
                            long[] r = range(ctx);
                            List<Map<String, Object>> groups = new ArrayList<>();
                            for (JsonNode g :
                                    apm.errorGroups(
                                            ctx.queryParam("service"),
                                            r[0],
                                            r[1],
                                            QueryParams.intParam(ctx, "limit", 50, 1, 1000))) {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("service", g.path("service").asText());
                                m.put("operation", g.path("operation").asText());
                                m.put("type", g.path("type").asText());
                                m.put("message", g.path("message").asText());
                                m.put("occurrences", g.path("occurrences").asLong());
                                m.put(
                                        "last_seen_ms",
                                        Long.parseLong(g.path("last_seen_ms").asText()));
                                m.put("example_trace_id", g.path("example_trace_id").asText());
                                groups.add(m);
                            }
                            ctx.json(Map.of("error_groups", groups));
                        },
                        "service",
                        "from",
                        "to",
                        "limit");
    }

    private void serviceMap(Context ctx) {
        long[] r = range(ctx);
        double seconds = (r[1] - r[0]) / 1000.0;
        List<Map<String, Object>> edges = new ArrayList<>();
        java.util.Set<String> nodes = new java.util.TreeSet<>();
        for (JsonNode e : apm.serviceMap(r[0], r[1])) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("caller", e.path("caller").asText());
            m.put("callee", e.path("callee").asText());
            m.put("calls", e.path("calls").asLong());
            m.put("rate_per_s", e.path("calls").asLong() / seconds);
            m.put("errors", e.path("errors").asLong());
            m.put("p95_ms", e.path("p95_ns").asDouble() / 1e6);
            nodes.add(e.path("caller").asText());
            nodes.add(e.path("callee").asText());
            edges.add(m);
        }
        for (JsonNode s : apm.services(r[0], r[1])) {
            nodes.add(s.path("service").asText());
        }
        ctx.json(Map.of("nodes", nodes, "edges", edges));
    }

    private static List<Map<String, Object>> red(List<JsonNode> rows, String key, long[] range) {
        double seconds = (range[1] - range[0]) / 1000.0;
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode r : rows) {
            long calls = r.path("calls").asLong();
            long errors = r.path("errors").asLong();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(key, r.path(key).asText());
            m.put("calls", calls);
            m.put("rate_per_s", calls / seconds);
            m.put("errors", errors);
            m.put("error_rate", calls == 0 ? 0 : (double) errors / calls);
            JsonNode q = r.path("q");
            m.put("p50_ms", q.path(0).asDouble() / 1e6);
            m.put("p95_ms", q.path(1).asDouble() / 1e6);
            m.put("p99_ms", q.path(2).asDouble() / 1e6);
            out.add(m);
        }
        return out;
    }

    private static long[] range(Context ctx) {
        long now = System.currentTimeMillis();
        String from = ctx.queryParam("from");
        String to = ctx.queryParam("to");
        long f = TimeParams.instantMillis("from", from == null ? "now-1h" : from, now);
        long t = TimeParams.instantMillis("to", to == null ? "now" : to, now);
        if (f >= t) {
            throw ApiException.badParameter("from", "from must be before to");
        }
        return new long[] {f, t};
    }
}
