package io.aimonitor.api.apm;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.schemas.traces.DurationSketch;
import io.aimonitor.store.TelemetryStore;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Service-level views over a time range, read from what the traces job derives: RED windows per
 * service, operation and graph edge (duration sketches merged across windows with {@code sumMap},
 * so percentiles over any range stay within 1%), error groups, slow spans and trace summaries.
 * Tables that receive late corrections are read with FINAL.
 */
public final class ApmStore {
    private static final String RANGE =
            "ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})";
    private static final String START_RANGE =
            "start >= fromUnixTimestamp64Milli({from:Int64}) AND start < fromUnixTimestamp64Milli({to:Int64})";
    private static final String RED =
            "sum(calls) AS calls, sum(errors) AS errors, sumMap(sketch) AS sketch,"
                    + " argMax(slow_trace_id, slow_duration_ns) AS slow_trace_id,"
                    + " anyIf(error_trace_id, error_trace_id != '') AS error_trace_id";

    private final TelemetryStore store;

    public ApmStore(TelemetryStore store) {
        this.store = store;
    }

    /** Per service: calls, errors, merged sketch, exemplar traces. */
    public List<JsonNode> services(long fromMs, long toMs) {
        return store.query(
                "SELECT service, "
                        + RED
                        + " FROM "
                        + table("apm_red")
                        + " FINAL WHERE scope = 'service' AND "
                        + RANGE
                        + " GROUP BY service ORDER BY service",
                range(fromMs, toMs));
    }

    public List<JsonNode> operations(String service, long fromMs, long toMs) {
        Map<String, String> params = range(fromMs, toMs);
        params.put("service", service);
        return store.query(
                "SELECT operation, "
                        + RED
                        + " FROM "
                        + table("apm_red")
                        + " FINAL WHERE scope = 'operation' AND service = {service:String} AND "
                        + RANGE
                        + " GROUP BY operation ORDER BY calls DESC LIMIT 500",
                params);
    }

    /** Edges caller -> callee (a callee may be a database the caller's client spans name). */
    public List<JsonNode> serviceMap(long fromMs, long toMs) {
        return store.query(
                "SELECT service AS caller, peer AS callee, "
                        + RED
                        + " FROM "
                        + table("apm_red")
                        + " FINAL WHERE scope = 'edge' AND "
                        + RANGE
                        + " GROUP BY caller, callee ORDER BY calls DESC, caller, callee LIMIT 1000",
                range(fromMs, toMs));
    }

    public List<JsonNode> errorGroups(String service, long fromMs, long toMs, int limit) {
        Map<String, String> params = range(fromMs, toMs);
        return store.query(
                "SELECT fingerprint, service, operation, exception_type AS type, message,"
                        + " sum(count) AS occurrences,"
                        + " toString(toUnixTimestamp64Milli(max(ts))) AS last_window_ms,"
                        + " argMax(example_trace_id, ts) AS example_trace_id FROM "
                        + table("apm_error_groups")
                        + " FINAL WHERE "
                        + RANGE
                        + serviceFilter(service, params)
                        + " GROUP BY fingerprint, service, operation, type, message"
                        + " ORDER BY occurrences DESC LIMIT "
                        + limit,
                params);
    }

    public List<JsonNode> slowSpans(String service, long fromMs, long toMs, int limit) {
        Map<String, String> params = range(fromMs, toMs);
        return store.query(
                "SELECT trace_id, span_id, service, operation,"
                        + " toString(toUnixTimestamp64Milli(start)) AS start_ms, duration_ns,"
                        + " baseline_ns, deviation FROM "
                        + table("slow_spans")
                        + " WHERE "
                        + START_RANGE
                        + serviceFilter(service, params)
                        + " ORDER BY start DESC LIMIT "
                        + limit,
                params);
    }

    /** Trace summaries touching {@code service} (any when null), slowest or newest first. */
    public List<JsonNode> traceSummaries(
            String service,
            boolean failedOnly,
            boolean slowestFirst,
            long fromMs,
            long toMs,
            int limit) {
        Map<String, String> params = range(fromMs, toMs);
        String filter = "";
        if (service != null) {
            filter = " AND has(services, {service:String})";
            params.put("service", service);
        }
        if (failedOnly) {
            filter += " AND error_count > 0";
        }
        return store.query(
                "SELECT trace_id, root_service, root_operation,"
                        + " toString(toUnixTimestamp64Milli(start)) AS start_ms, duration_ns,"
                        + " span_count, error_count, services FROM "
                        + table("trace_summaries")
                        + " FINAL WHERE "
                        + START_RANGE
                        + filter
                        + (slowestFirst ? " ORDER BY duration_ns DESC" : " ORDER BY start DESC")
                        + " LIMIT "
                        + limit,
                params);
    }

    /** The merged duration sketch of a row: ClickHouse's sumMap result, bucket to count. */
    public static DurationSketch sketch(JsonNode row) {
        Map<Integer, Long> buckets = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = row.path("sketch").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            buckets.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
        }
        return DurationSketch.fromBuckets(buckets);
    }

    private static String serviceFilter(String service, Map<String, String> params) {
        if (service == null) {
            return "";
        }
        params.put("service", service);
        return " AND service = {service:String}";
    }

    private String table(String name) {
        return store.database() + "." + name;
    }

    private static Map<String, String> range(long fromMs, long toMs) {
        Map<String, String> params = new HashMap<>();
        params.put("from", Long.toString(fromMs));
        params.put("to", Long.toString(toMs));
        return params;
    }
}
