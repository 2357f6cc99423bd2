package io.aimonitor.pipeline.traces;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Pre-aggregates calls per key and window inside each subtask, so that a few partial accumulators
 * cross the network instead of every call. Partials leave before each watermark (stamped inside
 * their window, so the downstream window sees them on time exactly when the calls would have been)
 * and before each checkpoint barrier, so the operator holds no state.
 */
public class LocalRedAggregator extends AbstractStreamOperator<RedPartial>
        implements OneInputStreamOperator<CallSample, RedPartial> {
    private final long windowMs;
    private transient Map<Long, Map<String, RedAccumulator>> byWindow;

    public LocalRedAggregator(long windowMs) {
        this.windowMs = windowMs;
    }

    @Override
    public void open() throws Exception {
        super.open();
        byWindow = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<CallSample> element) {
        long start = Math.floorDiv(element.getTimestamp(), windowMs) * windowMs;
        byWindow.computeIfAbsent(start, w -> new HashMap<>())
                .computeIfAbsent(element.getValue().key(), k -> new RedAccumulator())
                .add(element.getValue());
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        super.processWatermark(mark);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    private void flush() {
        if (byWindow.isEmpty()) {
            return;
        }
        byWindow.forEach(
                (start, accumulators) ->
                        accumulators.forEach(
                                (key, acc) ->
                                        output.collect(
                                                new StreamRecord<>(
                                                        new RedPartial(key, acc), start))));
        byWindow.clear();
    }
}
