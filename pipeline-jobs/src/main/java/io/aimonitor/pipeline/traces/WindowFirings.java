package io.aimonitor.pipeline.traces;

import java.io.IOException;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;

/**
 * Counts a window's firings: the on-time result is version 1, each late span's update one more, so
 * a store that keeps the highest version ends up with the complete window.
 */
final class WindowFirings {
    private static final ValueStateDescriptor<Integer> FIRINGS =
            new ValueStateDescriptor<>("firings", Integer.class);

    private WindowFirings() {}

    static int next(ProcessWindowFunction<?, ?, ?, ?>.Context context) throws IOException {
        ValueState<Integer> firings = context.windowState().getState(FIRINGS);
        int next = firings.value() == null ? 1 : firings.value() + 1;
        firings.update(next);
        return next;
    }

    static void clear(ProcessWindowFunction<?, ?, ?, ?>.Context context) {
        context.windowState().getState(FIRINGS).clear();
    }
}
