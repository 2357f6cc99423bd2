package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.RedPoint;
import io.aimonitor.schemas.traces.SpanRecord;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The calls a service serves: its entry spans (server, consumer, or a trace's root), each counted
 * once for the service and once for its operation. Client and internal spans would count the same
 * request again.
 */
public class EntryCalls implements FlatMapFunction<SpanRecord, CallSample> {
    @Override
    public void flatMap(SpanRecord span, Collector<CallSample> out) {
        if (!isEntry(span)) {
            return;
        }
        out.collect(sample(span, RedPoint.SERVICE, ""));
        out.collect(sample(span, RedPoint.OPERATION, span.operation()));
    }

    static boolean isEntry(SpanRecord span) {
        return "server".equals(span.kind()) || "consumer".equals(span.kind()) || span.isRoot();
    }

    private static CallSample sample(SpanRecord span, String scope, String operation) {
        return new CallSample(
                scope,
                span.service(),
                operation,
                "",
                span.durationNanos(),
                span.isError(),
                span.traceId());
    }
}
