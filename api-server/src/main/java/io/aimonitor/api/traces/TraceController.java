package io.aimonitor.api.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.QueryParams;
import io.aimonitor.api.query.TimeParams;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trace as a tree of spans for a waterfall: roots (spans without a stored parent) with their
 * children nested, each with its offset from the trace's start, plus the trace's summary.
 */
public final class TraceController {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ATTR = Pattern.compile("attr\\[(.+)]");

    private final TraceStore traces;

    public TraceController(TraceStore traces) {
        this.traces = traces;
    }

    public void register(ApiRoutes routes) {
        routes.get(
                        "/api/v1/traces",
                        Role.VIEWER,
                        "traces",
                        "Search traces: by service, operation, duration range, status, span attributes, time range",
                        this::search,
                        "service",
                        "operation",
                        "min_duration",
                        "max_duration",
                        "status",
                        "attr[key]",
                        "from",
                        "to",
                        "limit")
                .get(
                        "/api/v1/traces/{traceId}",
                        Role.VIEWER,
                        "traces",
                        "One trace: its spans as a tree (waterfall) and a summary",
                        this::trace);
    }

    private void search(Context ctx) {
        TimeParams.Range range = TimeParams.range(ctx, "now-1h", System.currentTimeMillis());
        long from = range.fromMs();
        long to = range.toMs();
        String status = ctx.queryParam("status");
        if (status != null && !Set.of("ok", "error", "unset").contains(status)) {
            throw ApiException.badParameter(
                    "status", "status must be ok, error or unset, got '" + status + "'");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        ctx.queryParamMap()
                .forEach(
                        (name, values) -> {
                            Matcher m = ATTR.matcher(name);
                            if (m.matches() && !values.isEmpty()) {
                                attributes.put(m.group(1), values.get(0));
                            }
                        });
        if (attributes.size() > 10) {
            throw ApiException.badParameter("attr", "at most 10 attribute filters");
        }
        Long minDuration = duration(ctx, "min_duration");
        Long maxDuration = duration(ctx, "max_duration");
        if (minDuration != null && maxDuration != null && minDuration > maxDuration) {
            throw ApiException.badParameter(
                    "min_duration", "min_duration must not be above max_duration");
        }
        TraceStore.Search search =
                new TraceStore.Search(
                        from,
                        to,
                        ctx.queryParam("service"),
                        ctx.queryParam("operation"),
                        minDuration,
                        maxDuration,
                        status,
                        attributes,
                        QueryParams.intParam(ctx, "limit", 20, 1, 1000));
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode r : traces.search(search)) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("trace_id", r.path("trace_id").asText());
            t.put("root_service", r.path("root_service").asText());
            t.put("root_operation", r.path("root_operation").asText());
            t.put("start_unix_nano", r.path("start_ns").asText());
            t.put("duration_ms", r.path("trace_ns").asLong() / 1e6);
            t.put("span_count", r.path("span_count").asLong());
            t.put("error_count", r.path("error_count").asLong());
            t.put("services", r.path("services"));
            out.add(t);
        }
        ctx.json(Map.of("traces", out));
    }

    private static Long duration(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null ? null : TimeParams.durationMillis(name, v) * 1_000_000L;
    }

    private void trace(Context ctx) {
        String id = ctx.pathParam("traceId").toLowerCase(Locale.ROOT);
        if (!id.matches("[0-9a-f]{32}")) {
            throw ApiException.badParameter(
                    "traceId",
                    "a trace id is 32 hex digits, got '" + ctx.pathParam("traceId") + "'");
        }
        List<JsonNode> rows = traces.spans(id);
        if (rows.isEmpty()) {
            throw ApiException.notFound("no trace " + id);
        }
        ctx.json(tree(id, rows));
    }

    static ObjectNode tree(String traceId, List<JsonNode> rows) {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        List<ObjectNode> nodes = new ArrayList<>(rows.size());
        Set<String> services = new LinkedHashSet<>();
        int errors = 0;
        for (JsonNode r : rows) {
            long s = Long.parseLong(r.path("start_ns").asText());
            long d = r.path("duration_ns").asLong();
            start = Math.min(start, s);
            end = Math.max(end, s + d);
            services.add(r.path("service").asText());
            if ("error".equals(r.path("status_code").asText())) {
                errors++;
            }
        }
        for (JsonNode r : rows) {
            ObjectNode span = JSON.createObjectNode();
            span.put("span_id", r.path("span_id").asText());
            span.put("parent_span_id", r.path("parent_span_id").asText());
            span.put("service", r.path("service").asText());
            span.put("operation", r.path("operation").asText());
            span.put("kind", r.path("kind").asText());
            span.put("start_unix_nano", r.path("start_ns").asText());
            span.put("offset_ms", (Long.parseLong(r.path("start_ns").asText()) - start) / 1e6);
            span.put("duration_ms", r.path("duration_ns").asLong() / 1e6);
            span.put("status", r.path("status_code").asText());
            span.put("status_message", r.path("status_message").asText());
            span.set("attributes", r.path("attributes"));
            span.set("resource", r.path("resource"));
            if (!r.path("exception_type").asText().isEmpty()) {
                span.putObject("exception")
                        .put("type", r.path("exception_type").asText())
                        .put("message", r.path("exception_message").asText());
            }
            nodes.add(span);
        }
        List<ObjectNode> roots = new SpanTree(nodes).roots();
        ObjectNode out = JSON.createObjectNode();
        out.put("trace_id", traceId);
        out.put("duration_ms", (end - start) / 1e6);
        out.put("span_count", rows.size());
        out.put("error_count", errors);
        out.set("services", JSON.valueToTree(services));
        ArrayNode rootArray = out.putArray("roots");
        roots.forEach(rootArray::add);
        return out;
    }
}
