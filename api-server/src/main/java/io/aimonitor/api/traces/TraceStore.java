package io.aimonitor.api.traces;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.store.TelemetryStore;
import java.util.List;
import java.util.Map;

/** Spans as stored by the traces job, read back by trace id (the bloom filter index finds them). */
public final class TraceStore {
    private final TelemetryStore store;

    public TraceStore(TelemetryStore store) {
        this.store = store;
    }

    /** What a trace search asks for; null or empty fields do not filter. */
    public record Search(
            long fromMs,
            long toMs,
            String service,
            String operation,
            Long minDurationNs,
            Long maxDurationNs,
            String status,
            Map<String, String> attributes,
            int limit) {}

    /**
     * The latest traces with a span matching every filter, each summarised: root service and
     * operation, start, duration, span and error counts, services.
     */
    public List<JsonNode> search(Search s) {
        StringBuilder where =
                new StringBuilder(
                        "start >= fromUnixTimestamp64Milli({from:Int64}) AND start < fromUnixTimestamp64Milli({to:Int64})");
        Map<String, String> params = new java.util.HashMap<>();
        params.put("from", Long.toString(s.fromMs()));
        params.put("to", Long.toString(s.toMs()));
        if (s.service() != null) {
            where.append(" AND service = {service:String}");
            params.put("service", s.service());
        }
        if (s.operation() != null) {
            where.append(" AND operation = {operation:String}");
            params.put("operation", s.operation());
        }
        if (s.minDurationNs() != null) {
            where.append(" AND duration_ns >= {min:UInt64}");
            params.put("min", Long.toString(s.minDurationNs()));
        }
        if (s.maxDurationNs() != null) {
            where.append(" AND duration_ns <= {max:UInt64}");
            params.put("max", Long.toString(s.maxDurationNs()));
        }
        if (s.status() != null) {
            where.append(" AND status_code = {status:String}");
            params.put("status", s.status());
        }
        int i = 0;
        for (Map.Entry<String, String> a : s.attributes().entrySet()) {
            where.append(" AND attributes[{k")
                    .append(i)
                    .append(":String}] = {v")
                    .append(i)
                    .append(":String}");
            params.put("k" + i, a.getKey());
            params.put("v" + i, a.getValue());
            i++;
        }
        List<JsonNode> ids =
                store.query(
                        "SELECT trace_id, max(start) AS latest FROM "
                                + store.database()
                                + ".spans WHERE "
                                + where
                                + " GROUP BY trace_id ORDER BY latest DESC LIMIT "
                                + s.limit(),
                        params);
        if (ids.isEmpty()) {
            return List.of();
        }
        StringBuilder in = new StringBuilder();
        for (JsonNode id : ids) {
            String hex = id.path("trace_id").asText();
            if (!hex.matches("[0-9a-f]{1,64}")) {
                continue; // ids are hex as the traces job writes them; anything else is not ours
            }
            in.append(in.length() == 0 ? "'" : ",'").append(hex).append('\'');
        }
        if (in.length() == 0) {
            return List.of();
        }
        return store.query(
                "SELECT trace_id, argMinIf(service, start, parent_span_id = '') AS root_service,"
                        + " argMinIf(operation, start, parent_span_id = '') AS root_operation,"
                        + " toString(min(toUnixTimestamp64Nano(start))) AS start_ns,"
                        + " max(toUnixTimestamp64Nano(start) + duration_ns) - min(toUnixTimestamp64Nano(start)) AS trace_ns,"
                        + " count() AS span_count, countIf(status_code = 'error') AS error_count,"
                        + " arraySort(groupUniqArray(service)) AS services FROM "
                        + store.database()
                        + ".spans WHERE trace_id IN ("
                        + in
                        + ") GROUP BY trace_id ORDER BY start_ns DESC",
                Map.of());
    }

    /** Every span of one trace, earliest first. */
    public List<JsonNode> spans(String traceId) {
        return store.query(
                "SELECT span_id, parent_span_id, service, operation, kind,"
                        + " toString(toUnixTimestamp64Nano(start)) AS start_ns, duration_ns, status_code,"
                        + " status_message, attributes, resource, events, exception_type, exception_message FROM "
                        + store.database()
                        + ".spans WHERE trace_id = {t:String} ORDER BY start, span_id LIMIT 10000",
                Map.of("t", traceId));
    }
}
