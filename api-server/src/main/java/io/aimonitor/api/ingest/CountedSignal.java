package io.aimonitor.api.ingest;

import com.google.protobuf.Message;
import java.util.concurrent.atomic.LongAdder;

/** The topic and the accepted / rejected counters every signal keeps. */
abstract class CountedSignal<R extends Message> implements OtlpSignal<R> {
    private final String topic;
    private final LongAdder accepted;
    private final LongAdder rejected;

    CountedSignal(String topic, LongAdder accepted, LongAdder rejected) {
        this.topic = topic;
        this.accepted = accepted;
        this.rejected = rejected;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public LongAdder acceptedCounter() {
        return accepted;
    }

    @Override
    public LongAdder rejectedCounter() {
        return rejected;
    }
}
