package io.aimonitor.pipeline.sink;

import io.aimonitor.schemas.rum.VitalSample;
import io.aimonitor.schemas.traces.ErrorGroupPoint;
import io.aimonitor.schemas.traces.RedPoint;
import io.aimonitor.schemas.traces.SlowSpan;
import io.aimonitor.schemas.traces.TraceSummary;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;

/** What the traces job derives from spans, and browsers' Web Vitals, as rows. */
public final class TraceAnalyticsRows {
    private TraceAnalyticsRows() {}

    public static final class Red implements RowEncoder<RedPoint> {
        @Override
        public TargetTable table(RedPoint value) {
            return TargetTable.APM_RED;
        }

        @Override
        public void encode(RedPoint p, RowBinaryBuffer row) {
            row.string(p.scope())
                    .string(p.service())
                    .string(p.operation())
                    .string(p.peer())
                    .dateTime64Millis(p.windowStartMs())
                    .uint64(p.windowMs())
                    .uint64(p.calls())
                    .uint64(p.errors())
                    .uint64(p.durationSumNanos())
                    .float64(p.p50Nanos())
                    .float64(p.p95Nanos())
                    .float64(p.p99Nanos())
                    .uint64Map(p.sketchIndexes(), p.sketchCounts())
                    .string(p.slowTraceId())
                    .uint64(Math.max(p.slowDurationNanos(), 0))
                    .string(p.errorTraceId())
                    .uint64(p.version());
        }
    }

    public static final class Summaries implements RowEncoder<TraceSummary> {
        @Override
        public TargetTable table(TraceSummary value) {
            return TargetTable.TRACE_SUMMARIES;
        }

        @Override
        public void encode(TraceSummary t, RowBinaryBuffer row) {
            row.string(t.traceId())
                    .string(t.rootService())
                    .string(t.rootOperation())
                    .uint64(t.startNanos())
                    .uint64(t.durationNanos())
                    .uint64(t.spanCount())
                    .uint64(t.errorCount())
                    .stringArray(t.services())
                    .uint64(t.version());
        }
    }

    public static final class Slow implements RowEncoder<SlowSpan> {
        @Override
        public TargetTable table(SlowSpan value) {
            return TargetTable.SLOW_SPANS;
        }

        @Override
        public void encode(SlowSpan s, RowBinaryBuffer row) {
            row.string(s.traceId())
                    .string(s.spanId())
                    .string(s.service())
                    .string(s.operation())
                    .uint64(s.startNanos())
                    .uint64(s.durationNanos())
                    .uint64(s.baselineNanos())
                    .float64(s.deviation());
        }
    }

    public static final class ErrorGroups implements RowEncoder<ErrorGroupPoint> {
        @Override
        public TargetTable table(ErrorGroupPoint value) {
            return TargetTable.APM_ERROR_GROUPS;
        }

        @Override
        public void encode(ErrorGroupPoint e, RowBinaryBuffer row) {
            row.string(e.fingerprint())
                    .string(e.service())
                    .string(e.operation())
                    .string(e.exceptionType())
                    .string(e.message())
                    .dateTime64Millis(e.windowStartMs())
                    .uint64(e.count())
                    .string(e.exampleTraceId())
                    .uint64(e.version());
        }
    }

    public static final class Vitals implements RowEncoder<VitalSample> {
        @Override
        public TargetTable table(VitalSample value) {
            return TargetTable.WEB_VITALS;
        }

        @Override
        public void encode(VitalSample v, RowBinaryBuffer row) {
            row.dateTime64Millis(v.timestampMs())
                    .string(v.app())
                    .string(v.page())
                    .string(v.metric())
                    .float64(v.value())
                    .string(v.rating())
                    .string(v.browser())
                    .string(v.session())
                    .string(v.navigationType());
        }
    }
}
