package io.aimonitor.api.apm;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.store.TelemetryStore;
import java.util.List;
import java.util.Map;

/**
 * Service-level views read from the stored spans over a time range: RED per service and per
 * operation (entry spans: server, consumer or root), the service map (calls across services from
 * parent/child spans) and error groups (exception type, normalised message, operation).
 */
public final class ApmStore {
    private static final String ENTRY = "(kind IN ('server', 'consumer') OR parent_span_id = '')";
    private static final String RANGE =
            "start >= fromUnixTimestamp64Milli({from:Int64}) AND start < fromUnixTimestamp64Milli({to:Int64})";

    private final TelemetryStore store;

    public ApmStore(TelemetryStore store) {
        this.store = store;
    }

    public List<JsonNode> services(long fromMs, long toMs) {
        return store.query(
                "SELECT service, count() AS calls, countIf(status_code = 'error') AS errors,"
                        + " quantiles(0.5, 0.95, 0.99)(duration_ns) AS q FROM "
                        + table()
                        + " WHERE "
                        + RANGE
                        + " AND "
                        + ENTRY
                        + " GROUP BY service ORDER BY service",
                range(fromMs, toMs));
    }

    public List<JsonNode> operations(String service, long fromMs, long toMs) {
        Map<String, String> params = new java.util.HashMap<>(range(fromMs, toMs));
        params.put("service", service);
        return store.query(
                "SELECT operation, count() AS calls, countIf(status_code = 'error') AS errors,"
                        + " quantiles(0.5, 0.95, 0.99)(duration_ns) AS q FROM "
                        + table()
                        + " WHERE "
                        + RANGE
                        + " AND service = {service:String} AND "
                        + ENTRY
                        + " GROUP BY operation ORDER BY calls DESC LIMIT 500",
                params);
    }

    /** Edges caller -> callee where a span's parent belongs to another service. */
    public List<JsonNode> serviceMap(long fromMs, long toMs) {
        return store.query(
                "SELECT p.service AS caller, c.service AS callee, count() AS calls,"
                        + " countIf(c.status_code = 'error') AS errors, quantile(0.95)(c.duration_ns) AS p95_ns FROM "
                        + "(SELECT trace_id, span_id, parent_span_id, service, status_code, duration_ns FROM "
                        + table()
                        + " WHERE "
                        + RANGE
                        + " AND parent_span_id != '') AS c INNER JOIN (SELECT trace_id, span_id, service FROM "
                        + table()
                        + " WHERE "
                        + RANGE
                        + ") AS p ON c.trace_id = p.trace_id AND c.parent_span_id = p.span_id"
                        + " WHERE p.service != c.service GROUP BY caller, callee ORDER BY calls DESC LIMIT 1000",
                range(fromMs, toMs));
    }

    public List<JsonNode> errorGroups(String service, long fromMs, long toMs, int limit) {
        Map<String, String> params = new java.util.HashMap<>(range(fromMs, toMs));
        String serviceFilter = "";
        if (service != null) {
            serviceFilter = " AND service = {service:String}";
            params.put("service", service);
        }
        return store.query(
                "SELECT service, operation, if(exception_type = '', 'error', exception_type) AS type,"
                        + " replaceRegexpAll(if(exception_message = '', status_message, exception_message),"
                        + " '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|0x[0-9a-fA-F]+|[0-9]+', '?') AS message,"
                        + " count() AS occurrences, toString(toUnixTimestamp64Milli(max(start))) AS last_seen_ms,"
                        + " any(trace_id) AS example_trace_id FROM "
                        + table()
                        + " WHERE "
                        + RANGE
                        + " AND status_code = 'error'"
                        + serviceFilter
                        + " GROUP BY service, operation, type, message ORDER BY occurrences DESC LIMIT "
                        + limit,
                params);
    }

    private String table() {
        return store.database() + ".spans";
    }

    private static Map<String, String> range(long fromMs, long toMs) {
        return Map.of("from", Long.toString(fromMs), "to", Long.toString(toMs));
    }
}
