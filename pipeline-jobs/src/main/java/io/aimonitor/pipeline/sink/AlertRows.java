package io.aimonitor.pipeline.sink;

import io.aimonitor.schemas.alerts.AlertBand;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.store.rowbinary.AlertEventRow;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;

/** The alerting job's rows: alert events and learned bands. */
public final class AlertRows {
    private AlertRows() {}

    public static final class Events implements RowEncoder<AlertEvent> {
        @Override
        public TargetTable table(AlertEvent value) {
            return TargetTable.ALERT_EVENTS;
        }

        @Override
        public void encode(AlertEvent e, RowBinaryBuffer row) {
            AlertEventRow.encode(e, row);
        }
    }

    public static final class Bands implements RowEncoder<AlertBand> {
        @Override
        public TargetTable table(AlertBand value) {
            return TargetTable.ALERT_BANDS;
        }

        @Override
        public void encode(AlertBand b, RowBinaryBuffer row) {
            row.string(b.ruleId)
                    .string(b.fingerprint)
                    .string(b.metric)
                    .uint64(b.seriesId)
                    .dateTime64Millis(b.minute)
                    .float64(b.value)
                    .float64(b.lower)
                    .float64(b.upper)
                    .float64(b.anomalyScore);
        }
    }
}
