package io.aimonitor.pipeline.sink;

import io.aimonitor.schemas.traces.SpanRecord;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.util.Map;

/** Spans into the spans table. */
public final class SpanRows implements RowEncoder<SpanRecord> {
    @Override
    public TargetTable table(SpanRecord value) {
        return TargetTable.SPANS;
    }

    @Override
    public void encode(SpanRecord s, RowBinaryBuffer row) {
        row.string(s.traceId())
                .string(s.spanId())
                .string(s.parentSpanId())
                .string(s.service())
                .string(s.operation())
                .string(s.kind())
                .uint64(s.startNanos()) // DateTime64(9): nanoseconds as Int64
                .uint64(s.durationNanos())
                .string(s.statusCode())
                .string(s.statusMessage())
                .stringMap(pairs(s.attributes()))
                .stringMap(pairs(s.resource()))
                .string(s.eventsJson())
                .string(s.exceptionType())
                .string(s.exceptionMessage());
    }

    private static String[] pairs(Map<String, String> map) {
        String[] out = new String[map.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }
}
