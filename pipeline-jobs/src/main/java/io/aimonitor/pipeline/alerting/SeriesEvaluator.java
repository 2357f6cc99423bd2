package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.alerts.AlertBand;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.schemas.metrics.SeriesFingerprint;
import io.aimonitor.schemas.rules.AggFunction;
import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.EventPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Evaluates rules on series, keyed by series: each point updates the series' recent window; every
 * rule watching the series gets its value (the selector's aggregation over the window) and either
 * runs its alert instance for this series (series rules: the condition, then the lifecycle, to
 * alert events) or tells the rule's group (side output {@link #GROUP_SIGNALS}) what the series
 * contributes. Rules arrive as broadcast state; a change of a rule's condition, its deletion or
 * disabling ends its instances. Silence is watched with processing-time timers.
 */
public class SeriesEvaluator extends EvaluatorFunction<Long, MetricPoint> {
    public static final OutputTag<GroupSignal> GROUP_SIGNALS =
            new OutputTag<>("group-signals", TypeInformation.of(GroupSignal.class));
    public static final OutputTag<AlertBand> BANDS =
            new OutputTag<>("bands", TypeInformation.of(AlertBand.class));

    static final MapStateDescriptor<String, RuleInstance> INSTANCES =
            new MapStateDescriptor<>(
                    "instances", Types.STRING, TypeInformation.of(RuleInstance.class));
    private static final ValueStateDescriptor<SeriesWindow> WINDOW =
            new ValueStateDescriptor<>("window", TypeInformation.of(SeriesWindow.class));
    private transient MapState<String, RuleInstance> instances;
    private transient ValueState<SeriesWindow> window;

    public SeriesEvaluator(AlertingOptions options) {
        super(options);
    }

    @Override
    void openState() {
        instances = getRuntimeContext().getMapState(INSTANCES);
        window = getRuntimeContext().getState(WINDOW);
    }

    @Override
    public void processElement(MetricPoint p, ReadOnlyContext ctx, Collector<AlertEvent> out)
            throws Exception {
        RuleBook book = evaluation.book(ctx.getBroadcastState(RuleBook.RULES));
        List<RuleBook.Watch> watches = book.watching(p);
        if (watches.isEmpty()) {
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        evaluation.running(now);
        SeriesWindow w = window.value();
        if (w == null) {
            w = new SeriesWindow();
        }
        long keep = 0;
        for (RuleBook.Watch watch : watches) {
            keep = Math.max(keep, watch.windowMs());
        }
        w.add(p, keep);
        w.lastArrival = now;
        window.update(w);
        long t = p.timestampMs;
        long firstCheck = Long.MAX_VALUE;
        for (RuleBook.Watch watch : watches) {
            Partial partial = w.partial(t, Math.max(1, watch.windowMs()));
            if (watch.kind() == RuleKind.GROUP) {
                ctx.output(GROUP_SIGNALS, signal(watch, p, t, partial));
                continue;
            }
            RuleInstance instance = instance(watch, p, t, out);
            if (instance == null || t < instance.lastDataAt) {
                continue; // over the rule's cap, or a late point
            }
            instance.lastArrival = now;
            instance.lastDataAt = t;
            double value = value(watch, w, partial, t);
            ConditionEvaluator.Outcome outcome = evaluation.outcome;
            evaluation.conditions.onValue(
                    watch.condition(),
                    instance.condition,
                    watch.instanceKey(),
                    Long.toString(p.seriesId),
                    t,
                    value,
                    outcome);
            boolean reports = watch.kind() == RuleKind.SERIES;
            if (reports) {
                AlertEvent event =
                        InstanceEvaluator.evaluate(
                                watch.rule(), instance, t, outcome.breach, value);
                emit(out, event);
                band(ctx, watch.rule(), instance, p, t, value, outcome);
            } else {
                instance.lastAt = t;
                instance.lastValue = value;
                GroupSignal s = signal(watch, p, t, null);
                s.breach = outcome.breach;
                s.value = value;
                if (watch.rule().pattern() instanceof EventPattern.DistinctEntities d) {
                    s.entity = p.label(d.label());
                }
                ctx.output(GROUP_SIGNALS, s);
            }
            instances.put(watch.instanceKey(), instance);
            firstCheck = Math.min(firstCheck, evaluation.firstCheck(watch.rule(), reports, now));
        }
        scheduleNoLaterThan(
                ctx.timerService(), Math.min(firstCheck, now + options.forgetAfter().toMillis()));
    }

    private RuleInstance instance(
            RuleBook.Watch watch, MetricPoint p, long t, Collector<AlertEvent> out)
            throws Exception {
        RuleInstance instance = instances.get(watch.instanceKey());
        if (instance != null) {
            instance.ruleVersion = watch.rule().version() == null ? 0 : watch.rule().version();
            return instance;
        }
        AlertRule rule = watch.rule();
        if (!evaluation.guard.admit(rule)) {
            AlertEvent meta = evaluation.guard.overCap(rule, t);
            emit(out, meta);
            return null;
        }
        return RuleInstance.create(
                SeriesFingerprint.hex(
                        SeriesFingerprint.of(watch.instanceKey(), p.metric, p.labels)),
                rule.version() == null ? 0 : rule.version(),
                p.labels);
    }

    /** The selector's aggregation of the series over its window (the point itself without one). */
    private static double value(RuleBook.Watch watch, SeriesWindow w, Partial partial, long t) {
        if (watch.selector().aggregation() == null) {
            return partial.value(AggFunction.LAST, null);
        }
        AggFunction f = watch.selector().aggregation().function();
        double[] sorted =
                f.isQuantile() && !w.histogram ? w.sortedValues(t, watch.windowMs()) : null;
        return partial.value(f, sorted);
    }

    private static GroupSignal signal(
            RuleBook.Watch watch, MetricPoint p, long t, Partial partial) {
        AlertRule rule = watch.rule();
        List<String> groupBy = new ArrayList<>(rule.selector().groupBy());
        groupBy.sort(null);
        String[] labels = new String[groupBy.size() * 2];
        StringBuilder key = new StringBuilder(rule.id());
        for (int i = 0; i < groupBy.size(); i++) {
            String value = p.label(groupBy.get(i));
            labels[2 * i] = groupBy.get(i);
            labels[2 * i + 1] = value == null ? "" : value;
            key.append('\u0001').append(labels[2 * i + 1]);
        }
        GroupSignal s = new GroupSignal();
        s.groupKey = key.toString();
        s.ruleId = rule.id();
        s.metric = rule.selector().metric();
        s.groupLabels = labels;
        s.seriesId = p.seriesId;
        s.at = t;
        s.secondStep = watch.secondStep();
        s.partial = partial;
        return s;
    }

    /** Reports the learned band once per minute per instance. */
    private static void band(
            ReadOnlyContext ctx,
            AlertRule rule,
            RuleInstance instance,
            MetricPoint p,
            long t,
            double value,
            ConditionEvaluator.Outcome outcome) {
        AlertBand band = Bands.of(rule, instance, p.metric, p.seriesId, t, value, outcome);
        if (band != null) {
            ctx.output(BANDS, band);
        }
    }

    @Override
    public void onTimer(long due, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
        // the time now, not the time the timer was due: after a restore overdue timers fire at
        // once, and the outage must not count as the series' silence
        long timestamp = ctx.timerService().currentProcessingTime();
        nextCheck.clear();
        evaluation.running(timestamp);
        RuleBook book = evaluation.book(ctx.getBroadcastState(RuleBook.RULES));
        long next = Long.MAX_VALUE;
        List<String> gone = new ArrayList<>();
        for (Map.Entry<String, RuleInstance> e : instances.entries()) {
            String key = e.getKey();
            boolean secondStep = key.endsWith(RuleBook.SECOND_STEP);
            AlertRule rule =
                    book.rule(
                            secondStep
                                    ? key.substring(0, key.length() - RuleBook.SECOND_STEP.length())
                                    : key);
            if (rule == null) {
                gone.add(key);
                continue;
            }
            RuleInstance instance = e.getValue();
            Evaluation.Silence silence =
                    evaluation.silence(
                            rule, RuleKind.of(rule) == RuleKind.SERIES, instance, timestamp);
            emit(out, silence.event());
            if (silence.forget()) {
                gone.add(key);
                evaluation.guard.release(rule.id());
                evaluation.guard.underCap(rule, timestamp).forEach(out::collect);
            } else {
                instances.put(key, instance);
                next = Math.min(next, silence.nextCheck());
            }
        }
        String owner = Long.toString(ctx.getCurrentKey());
        for (String key : gone) {
            instances.remove(key);
            evaluation.scorer.forget(key, owner);
            dropModels(key);
        }
        SeriesWindow w = window.value();
        if (w != null) {
            long forgetAt = w.lastArrival + options.forgetAfter().toMillis();
            if (timestamp >= forgetAt) {
                window.clear();
            } else {
                next = Math.min(next, forgetAt);
            }
        }
        if (next != Long.MAX_VALUE) {
            schedule(ctx.timerService(), next);
        }
    }

    private void dropModels(String instanceKey) throws Exception {
        List<String> drop = new ArrayList<>();
        for (String model : models.keys()) {
            if (AnomalyScorer.isModelOf(model, instanceKey)) {
                drop.add(model);
            }
        }
        for (String model : drop) {
            models.remove(model);
        }
    }

    @Override
    public void processBroadcastElement(RuleUpdate update, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        Evaluation.RuleChange change =
                evaluation.apply(ctx.getBroadcastState(RuleBook.RULES), update);
        if (!change.resets()) {
            return;
        }
        AlertRule before = change.before();
        long now = ctx.currentProcessingTime();
        List<String> keys = List.of(before.id(), before.id() + RuleBook.SECOND_STEP);
        ctx.applyToKeyedState(
                INSTANCES,
                (series, state) -> {
                    for (String key : keys) {
                        RuleInstance instance = state.get(key);
                        if (instance != null) {
                            AlertEvent event =
                                    InstanceEvaluator.end(
                                            before,
                                            instance,
                                            // strictly after its last event: history orders by time
                                            Math.max(now, instance.lastAt + 1),
                                            change.resetReason());
                            emit(out, event);
                            state.remove(key);
                        }
                    }
                });
        ctx.applyToKeyedState(
                MODELS,
                (series, state) -> {
                    List<String> drop = new ArrayList<>();
                    for (String model : state.keys()) {
                        if (model.startsWith(before.id() + "#")) {
                            drop.add(model);
                        }
                    }
                    for (String model : drop) {
                        state.remove(model);
                    }
                });
        evaluation.scorer.forget(before.id(), null);
        evaluation.scorer.forget(before.id() + RuleBook.SECOND_STEP, null);
        evaluation.guard.reset(before.id());
        evaluation.guard.underCap(before, now).forEach(out::collect);
    }
}
