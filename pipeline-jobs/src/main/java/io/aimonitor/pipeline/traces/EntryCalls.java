package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.RedPoint;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The calls a service serves: its entry spans (server, consumer, or a trace's root), each counted
 * once for the service and once for its operation. Client and internal spans would count the same
 * request again.
 */
public class EntryCalls implements FlatMapFunction<SpanFacts, CallSample> {
    @Override
    public void flatMap(SpanFacts span, Collector<CallSample> out) {
        if (!span.isEntry()) {
            return;
        }
        out.collect(sample(span, RedPoint.SERVICE, ""));
        out.collect(sample(span, RedPoint.OPERATION, span.operation()));
    }

    private static CallSample sample(SpanFacts span, String scope, String operation) {
        return new CallSample(
                scope,
                span.service(),
                operation,
                "",
                span.durationNanos(),
                span.error(),
                span.traceId());
    }
}
