package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.RedPoint;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Subtasks' partial RED into one per key and window: counts, a duration sketch, exemplars. */
public final class RedAggregate
        implements AggregateFunction<RedPartial, RedAccumulator, RedAccumulator> {
    @Override
    public RedAccumulator createAccumulator() {
        return new RedAccumulator();
    }

    @Override
    public RedAccumulator add(RedPartial value, RedAccumulator acc) {
        return acc.merge(value.calls());
    }

    @Override
    public RedAccumulator getResult(RedAccumulator acc) {
        return acc;
    }

    @Override
    public RedAccumulator merge(RedAccumulator a, RedAccumulator b) {
        return a.merge(b);
    }

    /** The window's result as a point, versioned by how often the window fired. */
    public static final class ToPoint
            extends ProcessWindowFunction<RedAccumulator, RedPoint, String, TimeWindow> {
        @Override
        public void process(
                String key,
                Context context,
                Iterable<RedAccumulator> results,
                Collector<RedPoint> out)
                throws Exception {
            RedAccumulator acc = results.iterator().next();
            String[] parts = key.split("\u0000", -1);
            TimeWindow w = context.window();
            out.collect(
                    new RedPoint(
                            parts[0],
                            parts[1],
                            parts[2],
                            parts[3],
                            w.getStart(),
                            w.getEnd() - w.getStart(),
                            acc.calls,
                            acc.errors,
                            acc.durationSumNanos,
                            acc.sketch.quantile(0.5),
                            acc.sketch.quantile(0.95),
                            acc.sketch.quantile(0.99),
                            acc.sketch.bucketIndexes(),
                            acc.sketch.bucketCounts(),
                            acc.slowTraceId,
                            acc.slowDurationNanos,
                            acc.errorTraceId,
                            WindowFirings.next(context)));
        }

        @Override
        public void clear(Context context) {
            WindowFirings.clear(context);
        }
    }
}
