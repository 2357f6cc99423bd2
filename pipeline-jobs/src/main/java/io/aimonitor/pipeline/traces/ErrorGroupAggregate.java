package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.ErrorGroupPoint;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Failed spans counted per error group (keyed by fingerprint) and window. */
public final class ErrorGroupAggregate
        implements AggregateFunction<
                ErrorSample, ErrorGroupAggregate.Acc, ErrorGroupAggregate.Acc> {

    /** A group's count in a window and its newest example. */
    public static class Acc {
        public long count;
        public ErrorSample latest;
    }

    @Override
    public Acc createAccumulator() {
        return new Acc();
    }

    @Override
    public Acc add(ErrorSample value, Acc acc) {
        acc.count++;
        acc.latest = value;
        return acc;
    }

    @Override
    public Acc getResult(Acc acc) {
        return acc;
    }

    @Override
    public Acc merge(Acc a, Acc b) {
        a.count += b.count;
        a.latest = b.latest == null ? a.latest : b.latest;
        return a;
    }

    /** The window's count as a point, versioned by how often the window fired. */
    public static final class ToPoint
            extends ProcessWindowFunction<Acc, ErrorGroupPoint, String, TimeWindow> {
        @Override
        public void process(
                String fingerprint,
                Context context,
                Iterable<Acc> results,
                Collector<ErrorGroupPoint> out)
                throws Exception {
            Acc acc = results.iterator().next();
            ErrorSample e = acc.latest;
            out.collect(
                    new ErrorGroupPoint(
                            fingerprint,
                            e.service(),
                            e.operation(),
                            e.exceptionType(),
                            e.message(),
                            context.window().getStart(),
                            acc.count,
                            e.traceId(),
                            WindowFirings.next(context)));
        }

        @Override
        public void clear(Context context) {
            WindowFirings.clear(context);
        }
    }
}
