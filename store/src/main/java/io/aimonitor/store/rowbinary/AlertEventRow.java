package io.aimonitor.store.rowbinary;

import io.aimonitor.schemas.alerts.AlertEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An alert event as a row of {@code alert_events}, written by the alerting job and the API. */
public final class AlertEventRow {
    public static final List<String> COLUMNS =
            List.of(
                    "fingerprint",
                    "rule_id",
                    "rule_version",
                    "rule_name",
                    "state",
                    "previous_state",
                    "severity",
                    "value",
                    "labels",
                    "annotations",
                    "starts_at",
                    "ends_at",
                    "event_time",
                    "reason");

    private AlertEventRow() {}

    /** Appends the event's columns, in {@link #COLUMNS} order. */
    public static void encode(AlertEvent e, RowBinaryBuffer row) {
        row.string(e.fingerprint())
                .string(e.ruleId())
                .uint64(e.ruleVersion())
                .string(e.ruleName())
                .string(e.state().text())
                .string(e.previousState() == null ? "" : e.previousState().text())
                .string(e.severity() == null ? "" : e.severity())
                .float64(e.value())
                .stringMap(pairs(e.labels()))
                .stringMap(pairs(e.annotations()))
                .dateTime64Millis(e.startsAt());
        if (e.endsAt() == null) {
            row.uint8(1);
        } else {
            row.uint8(0).dateTime64Millis(e.endsAt());
        }
        row.dateTime64Millis(e.eventTime()).string(e.reason() == null ? "" : e.reason());
    }

    private static String[] pairs(Map<String, String> map) {
        String[] out = new String[map == null ? 0 : map.size() * 2];
        int i = 0;
        if (map != null) {
            for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
                out[i++] = e.getKey();
                out[i++] = e.getValue();
            }
        }
        return out;
    }
}
