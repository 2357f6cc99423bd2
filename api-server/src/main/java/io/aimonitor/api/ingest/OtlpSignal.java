package io.aimonitor.api.ingest;

import com.google.protobuf.Message;
import io.aimonitor.schemas.otlp.DecodeStats;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What differs between OTLP signals on the ingest path: the request type, its validation, how it is
 * cut into Kafka records, the response, the topic and the counters.
 */
interface OtlpSignal<R extends Message> {
    /** The request to forward (the original when nothing was rejected) and what was decided. */
    record Validated<R>(R accepted, DecodeStats stats) {}

    R prototype();

    Validated<R> validate(R request);

    /** {@code original}: the request's protobuf bytes when it is forwarded unchanged. */
    List<KafkaRecords.Record> records(R accepted, byte[] original, long maxRecordBytes);

    /** The OTLP response, with partial success when some items were rejected. */
    Message response(DecodeStats stats);

    String topic();

    LongAdder acceptedCounter();

    LongAdder rejectedCounter();
}
