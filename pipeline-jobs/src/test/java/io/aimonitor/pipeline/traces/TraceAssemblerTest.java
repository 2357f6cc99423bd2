package io.aimonitor.pipeline.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.schemas.traces.TraceSummary;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TraceAssemblerTest {
    private static final long QUIET = 5_000;
    private static final long RETAIN = 10_000;
    private static final long MS = 1_000_000L;
    private static final String TRACE = "0000000000000000000000000000000a";
    private KeyedOneInputStreamOperatorTestHarness<String, SpanFacts, TraceSummary> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new TraceAssembler(QUIET, RETAIN)),
                        SpanFacts::traceId,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void manyServersWaitingForTheirCallerBecomeEdgesWhenItArrives() throws Exception {
        for (int i = 0; i < 500; i++) {
            send(span("s" + i, "c1", "stock", "server", 1000 + i, 5));
        }
        assertThat(edges()).isEmpty();
        send(span("c1", "root", "cart", "client", 1000, 600));
        assertThat(edges()).hasSize(500).allMatch(e -> e.service().equals("cart"));
    }

    @Test
    void serversUnderANonCallerParentStopWaitingWithoutAnEdge() throws Exception {
        send(span("s1", "p1", "stock", "server", 1000, 5));
        send(span("p1", "root", "stock", "internal", 1000, 10));
        send(span("p1", "root", "cart", "client", 1000, 10)); // a duplicate id, now a caller
        assertThat(edges()).as("the server was let go when its internal parent came").isEmpty();
    }

    @Test
    void aFragmentAfterReleaseNeverOutranksTheSummary() throws Exception {
        send(span("r", "", "cart", "server", 1000, 100));
        harness.processWatermark(new Watermark(1100 + QUIET + RETAIN + 1));
        List<TraceSummary> summaries = harness.extractOutputValues();
        assertThat(summaries).hasSize(1);
        assertThat(summaries.get(0).version()).isEqualTo(1);

        // three late spans of the same trace, long after it was released
        for (int i = 0; i < 3; i++) {
            send(span("late" + i, "r", "stock", "server", 1000, 50));
        }
        harness.processWatermark(new Watermark(60_000));
        TraceSummary fragment = harness.extractOutputValues().get(1);
        assertThat(fragment.spanCount()).isEqualTo(3);
        assertThat(fragment.version()).isZero();
    }

    private void send(SpanFacts span) throws Exception {
        harness.processElement(new StreamRecord<>(span, span.endMillis()));
    }

    private List<CallSample> edges() {
        return harness.getSideOutput(TraceAssembler.EDGES) == null
                ? List.of()
                : harness.getSideOutput(TraceAssembler.EDGES).stream()
                        .map(StreamRecord::getValue)
                        .toList();
    }

    private static SpanFacts span(
            String id, String parent, String service, String kind, long startMs, long durMs) {
        return new SpanFacts(
                TRACE,
                id,
                parent,
                service,
                "op",
                kind,
                startMs * MS,
                durMs * MS,
                false,
                "",
                "",
                "");
    }
}
