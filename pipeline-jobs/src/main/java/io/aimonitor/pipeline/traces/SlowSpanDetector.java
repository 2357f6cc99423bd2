package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.SlowSpan;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Flags spans far slower than their operation's baseline: at least {@code minDeviation} standard
 * deviations above it and {@code minRatio} times its typical duration, so neither a tight nor a
 * noisy operation cries wolf.
 *
 * <p>Each subtask learns baselines from the spans it reads, without a shuffle: ingest keys Kafka
 * records by resource, so a subtask sees every span of the service instances on its partitions.
 * Baselines are checkpointed; the least recently seen are dropped beyond {@code maxOperations}.
 */
public class SlowSpanDetector extends ProcessFunction<SpanFacts, SlowSpan>
        implements CheckpointedFunction {
    private final double minDeviation;
    private final double minRatio;
    private final int maxOperations;
    private transient Map<String, OperationBaseline> baselines;
    private transient ListState<Map<String, OperationBaseline>> checkpointed;

    public SlowSpanDetector(double minDeviation, double minRatio, int maxOperations) {
        this.minDeviation = minDeviation;
        this.minRatio = minRatio;
        this.maxOperations = maxOperations;
    }

    @Override
    public void processElement(SpanFacts span, Context ctx, Collector<SlowSpan> out) {
        OperationBaseline b =
                baselines.computeIfAbsent(
                        span.service() + '\u0000' + span.operation(), k -> new OperationBaseline());
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
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointed.update(java.util.List.of(new java.util.HashMap<>(baselines)));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        baselines =
                new LinkedHashMap<>(1024, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, OperationBaseline> e) {
                        return size() > maxOperations;
                    }
                };
        checkpointed =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "baselines",
                                        org.apache.flink.api.common.typeinfo.TypeInformation.of(
                                                new org.apache.flink.api.common.typeinfo.TypeHint<
                                                        Map<String, OperationBaseline>>() {})));
        // each subtask gets its own baselines back (and after a rescale, a share of them)
        for (Map<String, OperationBaseline> restored : checkpointed.get()) {
            restored.forEach(baselines::putIfAbsent);
        }
    }
}
