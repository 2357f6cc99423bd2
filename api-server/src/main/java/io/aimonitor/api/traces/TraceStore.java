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
