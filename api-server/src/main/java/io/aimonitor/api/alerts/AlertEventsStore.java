package io.aimonitor.api.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import io.aimonitor.schemas.rules.LabelMatcher;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.rowbinary.AlertEventRow;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alert events in ClickHouse: the current state of each alert is its latest event. */
public final class AlertEventsStore {
    private static final String SELECT_COLUMNS =
            "fingerprint, rule_id, rule_version, rule_name, state, previous_state, severity, value,"
                    + " labels, annotations, toUnixTimestamp64Milli(starts_at) AS starts_at,"
                    + " toUnixTimestamp64Milli(ends_at) AS ends_at,"
                    + " toUnixTimestamp64Milli(event_time) AS event_time, reason";

    private final TelemetryStore store;

    public AlertEventsStore(TelemetryStore store) {
        this.store = store;
    }

    /** What to list; null fields do not filter. */
    public record Filter(
            List<AlertState> states,
            List<String> severities,
            String ruleId,
            List<LabelMatcher> matchers,
            Long fromMs,
            Long toMs,
            int limit) {}

    /**
     * The latest event of every alert whose latest state is among the filter's states; with a time
     * range, only alerts active at some moment within it. (Filters apply one level below the
     * conversions to milliseconds so that column names are not shadowed by the output aliases.)
     */
    public List<AlertEvent> latest(Filter f) {
        Map<String, String> params = new HashMap<>();
        StringBuilder where = new StringBuilder(" WHERE 1");
        List<String> states = f.states().stream().map(AlertState::text).toList();
        params.put("states", array(states));
        where.append(" AND has({states:Array(String)}, state)");
        if (f.severities() != null && !f.severities().isEmpty()) {
            params.put("severities", array(f.severities()));
            where.append(" AND has({severities:Array(String)}, severity)");
        }
        if (f.ruleId() != null) {
            params.put("rule", f.ruleId());
            where.append(" AND rule_id = {rule:String}");
        }
        if (f.fromMs() != null) {
            params.put("from", Long.toString(f.fromMs()));
            where.append(
                    " AND (ends_at IS NULL OR ends_at >= fromUnixTimestamp64Milli({from:Int64}))");
        }
        if (f.toMs() != null) {
            params.put("to", Long.toString(f.toMs()));
            where.append(" AND starts_at <= fromUnixTimestamp64Milli({to:Int64})");
        }
        int i = 0;
        for (LabelMatcher m : f.matchers()) {
            params.put("mk" + i, m.label());
            params.put("mv" + i, m.value());
            String v = "labels[{mk" + i + ":String}]";
            String p = "{mv" + i + ":String}";
            where.append(
                    switch (m.op()) {
                        case EQ -> " AND " + v + " = " + p;
                        case NE -> " AND " + v + " != " + p;
                        case RE -> " AND match(" + v + ", concat('^(?:', " + p + ", ')$'))";
                        case NRE -> " AND NOT match(" + v + ", concat('^(?:', " + p + ", ')$'))";
                    });
            i++;
        }
        String sql =
                "SELECT "
                        + SELECT_COLUMNS
                        + " FROM (SELECT * FROM (SELECT * FROM "
                        + store.database()
                        + ".alert_events ORDER BY fingerprint, event_time DESC LIMIT 1 BY fingerprint)"
                        + where
                        + " ORDER BY event_time DESC LIMIT "
                        + f.limit()
                        + ")";
        return store.query(sql, params).stream().map(AlertEventsStore::event).toList();
    }

    public List<AlertEvent> history(String fingerprint, int limit) {
        return store
                .query(
                        "SELECT "
                                + SELECT_COLUMNS
                                + " FROM "
                                + store.database()
                                + ".alert_events WHERE fingerprint = {f:String}"
                                // repeats not yet merged away
                                + " ORDER BY event_time DESC LIMIT 1 BY event_time, state LIMIT "
                                + limit,
                        Map.of("f", fingerprint))
                .stream()
                .map(AlertEventsStore::event)
                .toList();
    }

    /** One minute of a baseline or anomaly rule's learned band, for charting beside the value. */
    public record BandPoint(
            long ts, double value, Double lower, Double upper, Double anomalyScore) {}

    public List<BandPoint> bands(String fingerprint, long fromMs, long toMs) {
        return store
                .query(
                        // "at", not "ts": an alias would shadow the column in WHERE
                        "SELECT toUnixTimestamp64Milli(ts) AS at, value,"
                                + " if(isNaN(lower), NULL, lower) AS lower,"
                                + " if(isNaN(upper), NULL, upper) AS upper,"
                                + " if(isNaN(anomaly_score), NULL, anomaly_score) AS score FROM "
                                + store.database()
                                + ".alert_bands_1m WHERE fingerprint = {f:String}"
                                + " AND ts >= fromUnixTimestamp64Milli({from:Int64})"
                                + " AND ts < fromUnixTimestamp64Milli({to:Int64})"
                                + " ORDER BY ts LIMIT 1 BY ts",
                        Map.of(
                                "f",
                                fingerprint,
                                "from",
                                Long.toString(fromMs),
                                "to",
                                Long.toString(toMs)))
                .stream()
                .map(
                        r ->
                                new BandPoint(
                                        r.path("at").asLong(),
                                        r.path("value").asDouble(),
                                        nullable(r.path("lower")),
                                        nullable(r.path("upper")),
                                        nullable(r.path("score"))))
                .toList();
    }

    private static Double nullable(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? null : n.asDouble();
    }

    public void insert(List<AlertEvent> events) {
        RowBinaryBuffer rows = new RowBinaryBuffer(1024);
        for (AlertEvent e : events) {
            AlertEventRow.encode(e, rows);
            rows.endRow();
        }
        store.insertRowBinary(
                "alert_events", AlertEventRow.COLUMNS, rows.array(), rows.size(), null);
    }

    private static String array(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('\'')
                    .append(values.get(i).replace("\\", "\\\\").replace("'", "\\'"))
                    .append('\'');
        }
        return sb.append(']').toString();
    }

    private static AlertEvent event(JsonNode r) {
        return new AlertEvent(
                r.path("fingerprint").asText(),
                r.path("rule_id").asText(),
                r.path("rule_version").asLong(),
                r.path("rule_name").asText(),
                AlertState.of(r.path("state").asText()),
                r.path("previous_state").asText().isEmpty()
                        ? null
                        : AlertState.of(r.path("previous_state").asText()),
                r.path("severity").asText(),
                r.path("value").asDouble(),
                map(r.path("labels")),
                map(r.path("annotations")),
                r.path("starts_at").asLong(),
                r.path("ends_at").isNull() ? null : r.path("ends_at").asLong(),
                r.path("event_time").asLong(),
                r.path("reason").asText());
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    static List<String> asList(String csv) {
        List<String> out = new ArrayList<>();
        if (csv != null) {
            for (String s : csv.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }
}
