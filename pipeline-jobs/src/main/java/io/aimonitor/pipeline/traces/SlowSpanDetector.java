package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.SlowSpan;
import io.aimonitor.schemas.traces.SpanRecord;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Flags spans far slower than their operation's baseline (keyed by service and operation): at least
 * {@code minDeviation} standard deviations above it and {@code minRatio} times its typical
 * duration, so neither a tight nor a noisy operation cries wolf. Baselines of operations not seen
 * for a week are dropped.
 */
public class SlowSpanDetector extends KeyedProcessFunction<String, SpanRecord, SlowSpan> {
    private final double minDeviation;
    private final double minRatio;
    private transient ValueState<OperationBaseline> baseline;

    public SlowSpanDetector(double minDeviation, double minRatio) {
        this.minDeviation = minDeviation;
        this.minRatio = minRatio;
    }

    public static String key(SpanRecord span) {
        return span.service() + '\u0000' + span.operation();
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<OperationBaseline> descriptor =
                new ValueStateDescriptor<>("baseline", OperationBaseline.class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(7)).build());
        baseline = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(SpanRecord span, Context ctx, Collector<SlowSpan> out)
            throws Exception {
        OperationBaseline b = baseline.value();
        if (b == null) {
            b = new OperationBaseline();
        }
        double deviation = b.deviation(span.durationNanos());
        long typical = b.typicalNanos();
        if (deviation >= minDeviation && span.durationNanos() >= minRatio * typical) {
            out.collect(
                    new SlowSpan(
                            span.traceId(),
                            span.spanId(),
                            span.service(),
                            span.operation(),
                            span.startNanos(),
                            span.durationNanos(),
                            typical,
                            deviation));
        }
        b.learn(span.durationNanos());
        baseline.update(b);
    }
}
