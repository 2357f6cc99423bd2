package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.alerts.AlertBand;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.metrics.SeriesFingerprint;
import io.aimonitor.schemas.rules.AggFunction;
import io.aimonitor.schemas.rules.AlertRule;
import io.aimonitor.schemas.rules.EventPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Evaluates rules on groups (rule + the values of its group_by labels), keyed by group: the
 * combined value of the group's series for aggregating rules; for patterns, a first step's breach
 * followed by the second step's within the time allowed (sequence), or enough distinct entities
 * breaching within the time allowed. Each group is one alert instance.
 */
public class GroupEvaluator extends EvaluatorFunction<String, GroupSignal> {
    public static final OutputTag<AlertBand> BANDS = SeriesEvaluator.BANDS;

    /** A series whose window summary is older than this no longer counts (without a window). */
    private static final long STALE_MS = 5 * 60_000;

    private static final ValueStateDescriptor<RuleInstance> INSTANCE =
            new ValueStateDescriptor<>("instance", TypeInformation.of(RuleInstance.class));
    private static final MapStateDescriptor<Long, Partial> PARTIALS =
            new MapStateDescriptor<>("partials", Types.LONG, TypeInformation.of(Partial.class));
    private static final MapStateDescriptor<String, Long> ENTITIES =
            new MapStateDescriptor<>("entities", Types.STRING, Types.LONG);
    private static final ValueStateDescriptor<Long> FIRST_STEP =
            new ValueStateDescriptor<>("first-step-breach", Types.LONG);
    private transient ValueState<RuleInstance> instance;
    private transient MapState<Long, Partial> partials;
    private transient MapState<String, Long> entities;
    private transient ValueState<Long> firstStep;

    public GroupEvaluator(AlertingOptions options) {
        super(options);
    }

    @Override
    void openState() {
        instance = getRuntimeContext().getState(INSTANCE);
        partials = getRuntimeContext().getMapState(PARTIALS);
        entities = getRuntimeContext().getMapState(ENTITIES);
        firstStep = getRuntimeContext().getState(FIRST_STEP);
    }

    @Override
    public void processElement(GroupSignal s, ReadOnlyContext ctx, Collector<AlertEvent> out)
            throws Exception {
        AlertRule rule = evaluation.book(ctx.getBroadcastState(RuleBook.RULES)).rule(s.ruleId);
        if (rule == null) {
            return;
        }
        RuleInstance group = instance.value();
        if (group == null) {
            if (!evaluation.guard.admit(rule)) {
                AlertEvent meta = evaluation.guard.overCap(rule, s.at);
                emit(out, meta);
                return;
            }
            group =
                    RuleInstance.create(
                            SeriesFingerprint.hex(
                                    SeriesFingerprint.of(rule.id(), s.metric, s.groupLabels)),
                            rule.version() == null ? 0 : rule.version(),
                            s.groupLabels);
        }
        long now = ctx.timerService().currentProcessingTime();
        evaluation.running(now);
        group.lastArrival = now;
        boolean late = s.at < group.lastDataAt;
        group.lastDataAt = Math.max(group.lastDataAt, s.at);
        AlertEvent event =
                switch (RuleKind.of(rule)) {
                    case GROUP -> aggregate(ctx, rule, group, s, late);
                    case SEQUENCE -> sequence(rule, group, s, late);
                    case DISTINCT_ENTITIES -> distinct(rule, group, s, late);
                    case SERIES -> null;
                };
        emit(out, event);
        instance.update(group);
        scheduleNoLaterThan(ctx.timerService(), evaluation.firstCheck(rule, true, now));
    }

    private AlertEvent aggregate(
            ReadOnlyContext ctx, AlertRule rule, RuleInstance group, GroupSignal s, boolean late)
            throws Exception {
        partials.put(s.seriesId, s.partial);
        if (late) {
            return null;
        }
        long window =
                rule.selector().aggregation() == null
                        ? 0
                        : rule.selector().aggregation().window().toMillis();
        long staleBefore = s.at - Math.max(window, STALE_MS);
        List<Partial> live = new ArrayList<>();
        List<Long> stale = new ArrayList<>();
        for (Map.Entry<Long, Partial> e : partials.entries()) {
            if (e.getValue().lastAt <= staleBefore) {
                stale.add(e.getKey());
            } else {
                live.add(e.getValue());
            }
        }
        for (Long series : stale) {
            partials.remove(series);
        }
        AggFunction f =
                rule.selector().aggregation() == null
                        ? AggFunction.LAST
                        : rule.selector().aggregation().function();
        double value = Partial.combine(f, live);
        ConditionEvaluator.Outcome outcome = evaluation.outcome;
        evaluation.conditions.onValue(
                rule.condition(), group.condition, rule.id(), s.groupKey, s.at, value, outcome);
        AlertEvent event = InstanceEvaluator.evaluate(rule, group, s.at, outcome.breach, value);
        AlertBand band = Bands.of(rule, group, s.metric, 0, s.at, value, outcome);
        if (band != null) {
            ctx.output(BANDS, band);
        }
        return event;
    }

    private AlertEvent sequence(AlertRule rule, RuleInstance group, GroupSignal s, boolean late)
            throws Exception {
        EventPattern.Sequence pattern = (EventPattern.Sequence) rule.pattern();
        if (!s.secondStep) {
            Long last = firstStep.value();
            if (s.breach && (last == null || s.at > last)) {
                firstStep.update(s.at);
            }
            return null;
        }
        if (late) {
            return null;
        }
        Long first = firstStep.value();
        boolean breach =
                s.breach
                        && first != null
                        && s.at >= first
                        && s.at - first <= pattern.within().toMillis();
        return InstanceEvaluator.evaluate(rule, group, s.at, breach, s.value);
    }

    private AlertEvent distinct(AlertRule rule, RuleInstance group, GroupSignal s, boolean late)
            throws Exception {
        EventPattern.DistinctEntities pattern = (EventPattern.DistinctEntities) rule.pattern();
        if (s.entity != null) {
            if (s.breach) {
                entities.put(s.entity, s.at);
            } else {
                entities.remove(s.entity);
            }
        }
        if (late) {
            return null;
        }
        List<String> expired = new ArrayList<>();
        int breaching = 0;
        for (Map.Entry<String, Long> e : entities.entries()) {
            if (s.at - e.getValue() > pattern.within().toMillis()) {
                expired.add(e.getKey());
            } else {
                breaching++;
            }
        }
        for (String entity : expired) {
            entities.remove(entity);
        }
        return InstanceEvaluator.evaluate(rule, group, s.at, breaching >= pattern.n(), breaching);
    }

    @Override
    public void onTimer(long due, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
        // the time now, not the time the timer was due: after a restore overdue timers fire at
        // once, and the outage must not count as the series' silence
        long timestamp = ctx.timerService().currentProcessingTime();
        nextCheck.clear();
        evaluation.running(timestamp);
        RuleInstance group = instance.value();
        if (group == null) {
            return;
        }
        String key = ctx.getCurrentKey();
        AlertRule rule =
                evaluation
                        .book(ctx.getBroadcastState(RuleBook.RULES))
                        .rule(
                                key.substring(
                                        0,
                                        key.indexOf('\u0001') < 0
                                                ? key.length()
                                                : key.indexOf('\u0001')));
        if (rule == null) {
            clearGroup();
            return;
        }
        Evaluation.Silence silence =
                evaluation.silence(rule, RuleKind.of(rule) == RuleKind.GROUP, group, timestamp);
        emit(out, silence.event());
        if (silence.forget()) {
            clearGroup();
            evaluation.scorer.forget(rule.id(), key);
            evaluation.guard.release(rule.id());
            evaluation.guard.underCap(rule, timestamp).forEach(out::collect);
        } else {
            instance.update(group);
            schedule(ctx.timerService(), silence.nextCheck());
        }
    }

    private void clearGroup() {
        instance.clear();
        partials.clear();
        entities.clear();
        firstStep.clear();
        models.clear();
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
        String id = before.id();
        String prefix = id + '\u0001';
        long now = ctx.currentProcessingTime();
        ctx.applyToKeyedState(
                INSTANCE,
                (group, state) -> {
                    RuleInstance i = state.value();
                    if (ofRule(group, id, prefix) && i != null) {
                        AlertEvent event =
                                InstanceEvaluator.end(
                                        before,
                                        i,
                                        // strictly after its last event: history orders by time
                                        Math.max(now, i.lastAt + 1),
                                        change.resetReason());
                        emit(out, event);
                        state.clear();
                    }
                });
        clearFor(ctx, id, prefix, PARTIALS);
        clearFor(ctx, id, prefix, ENTITIES);
        clearFor(ctx, id, prefix, FIRST_STEP);
        clearFor(ctx, id, prefix, MODELS);
        evaluation.scorer.forget(before.id(), null);
        evaluation.guard.reset(before.id());
        evaluation.guard.underCap(before, now).forEach(out::collect);
    }

    /** A rule's group keys: its id alone without group_by, else id, separator, group labels. */
    private static boolean ofRule(String group, String id, String prefix) {
        return group.equals(id) || group.startsWith(prefix);
    }

    private static <S extends State, V> void clearFor(
            Context ctx, String id, String prefix, StateDescriptor<S, V> descriptor)
            throws Exception {
        ctx.applyToKeyedState(
                descriptor,
                (group, state) -> {
                    if (ofRule(group, id, prefix)) {
                        state.clear();
                    }
                });
    }
}
