package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.metrics.MetricPoint;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets through only points of metrics some rule watches, before they are shuffled by series:
 * metrics nobody alerts on cost no network or state.
 */
public class RuleMetricFilter
        extends BroadcastProcessFunction<MetricPoint, RuleUpdate, MetricPoint> {
    private transient RuleBook book;

    @Override
    public void processElement(MetricPoint p, ReadOnlyContext ctx, Collector<MetricPoint> out)
            throws Exception {
        if (book == null) {
            book = RuleBook.of(ctx.getBroadcastState(RuleBook.RULES).immutableEntries());
        }
        if (book.watchesMetric(p.metric)) {
            out.collect(p);
        }
    }

    @Override
    public void processBroadcastElement(RuleUpdate update, Context ctx, Collector<MetricPoint> out)
            throws Exception {
        var rules = ctx.getBroadcastState(RuleBook.RULES);
        if (update.json == null) {
            rules.remove(update.id);
        } else {
            rules.put(update.id, update.json);
        }
        book = RuleBook.of(rules.immutableEntries());
    }
}
