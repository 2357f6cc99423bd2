package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.alerts.AlertEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * What the series and group evaluators share: rules as broadcast input, alert events as output, the
 * {@link Evaluation} with its cardinality counts (operator state) and anomaly models (keyed state,
 * behind the scorer's in-memory cache).
 */
abstract class EvaluatorFunction<K, IN>
        extends KeyedBroadcastProcessFunction<K, IN, RuleUpdate, AlertEvent>
        implements CheckpointedFunction {
    static final MapStateDescriptor<String, byte[]> MODELS =
            new MapStateDescriptor<>(
                    "anomaly-models",
                    Types.STRING,
                    PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    private static final ListStateDescriptor<String> CARDINALITY =
            new ListStateDescriptor<>("cardinality", Types.STRING);
    private static final ValueStateDescriptor<Long> NEXT_CHECK =
            new ValueStateDescriptor<>("next-check", Types.LONG);

    protected final AlertingOptions options;
    protected transient Evaluation evaluation;
    protected transient MapState<String, byte[]> models;

    /** The key's one pending silence check (processing time). */
    protected transient ValueState<Long> nextCheck;

    private transient ListState<String> cardinality;

    EvaluatorFunction(AlertingOptions options) {
        this.options = options;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        evaluation =
                new Evaluation(
                        options,
                        getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks(),
                        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                        this instanceof GroupEvaluator ? "group" : "series");
        cardinality = context.getOperatorStateStore().getListState(CARDINALITY);
        evaluation.guard.restore(cardinality.get());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        cardinality.update(evaluation.guard.snapshot());
    }

    @Override
    public final void open(OpenContext openContext) throws Exception {
        models = getRuntimeContext().getMapState(MODELS);
        nextCheck = getRuntimeContext().getState(NEXT_CHECK);
        evaluation.scorer.useStore(
                new RcfScorer.ModelStore() {
                    @Override
                    public byte[] load(String model) throws Exception {
                        return models.get(model);
                    }

                    @Override
                    public void save(String model, byte[] bytes) throws Exception {
                        models.put(model, bytes);
                    }
                });
        openState();
    }

    void schedule(TimerService timers, long at) throws Exception {
        timers.registerProcessingTimeTimer(at);
        nextCheck.update(at);
    }

    /** One check pending per key; a rule that needs it sooner (a new no_data) brings it on. */
    void scheduleNoLaterThan(TimerService timers, long at) throws Exception {
        Long pending = nextCheck.value();
        if (pending == null || at < pending) {
            if (pending != null) {
                timers.deleteProcessingTimeTimer(pending);
            }
            schedule(timers, at);
        }
    }

    /** Gets the function's own keyed state. */
    abstract void openState();

    static void emit(Collector<AlertEvent> out, AlertEvent event) {
        if (event != null) {
            out.collect(event);
        }
    }
}
