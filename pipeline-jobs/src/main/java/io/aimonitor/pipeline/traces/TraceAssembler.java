package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.RedPoint;
import io.aimonitor.schemas.traces.TraceSummary;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Follows each trace (keyed by trace id) as its spans arrive, in any order, keeping only what it
 * needs - a {@link TraceDigest} and the trace's outgoing calls - never the spans themselves:
 *
 * <ul>
 *   <li>service-graph edges as soon as a call's two ends are both here: a client or producer span
 *       and the server or consumer span under it in another service (caller = the client's service,
 *       callee = the server's, with the server span's duration and status); a client span to a
 *       database ({@code db.system}) is an edge at once;
 *   <li>a summary once the trace has been quiet for {@code quietMs} of event time;
 *   <li>a new summary for each span that arrives later while the trace is retained ({@code
 *       retainMs} after its summary). Later still, spans start a fragment whose summary never
 *       replaces the full one in storage.
 * </ul>
 *
 * <p>A server span whose caller has not arrived waits, one state entry each, until its parent does
 * (then it is an edge if the parent is a client or producer, and dropped if not) or the trace is
 * released.
 */
public class TraceAssembler extends KeyedProcessFunction<String, SpanFacts, TraceSummary> {
    public static final OutputTag<CallSample> EDGES = new OutputTag<>("service-graph-edges") {};

    private final long quietMs;
    private final long retainMs;

    private transient ValueState<TraceDigest> digest;
    private transient MapState<String, String> callers; // client/producer span id -> service
    private transient MapState<String, Integer> waitingCount; // parent span id -> servers waiting
    private transient MapState<String, SpanFacts> waiting; // parent span id + "#" + n -> server
    private transient ValueState<Long> summaryAt;
    private transient ValueState<Long> releaseAt;

    public TraceAssembler(long quietMs, long retainMs) {
        this.quietMs = quietMs;
        this.retainMs = retainMs;
    }

    @Override
    public void open(OpenContext context) {
        digest =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("digest", TraceDigest.class));
        callers =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("callers", Types.STRING, Types.STRING));
        waitingCount =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("waiting-count", Types.STRING, Types.INT));
        waiting =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "waiting-servers",
                                        Types.STRING,
                                        TypeInformation.of(SpanFacts.class)));
        summaryAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("summary-at", Long.class));
        releaseAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("release-at", Long.class));
    }

    @Override
    public void processElement(SpanFacts span, Context ctx, Collector<TraceSummary> out)
            throws Exception {
        link(span, ctx);
        TraceDigest d = digest.value();
        if (d == null) {
            d = new TraceDigest();
            // the watermark is past this span's summary and release: its trace was let go
            d.fragment =
                    span.endMillis() + quietMs + retainMs < ctx.timerService().currentWatermark();
        }
        d.add(span);
        digest.update(d);

        if (releaseAt.value() != null) {
            out.collect(d.summary(ctx.getCurrentKey())); // a late span of a summarised trace
            return;
        }
        if (summaryAt.value() == null) {
            // one timer per trace: when it fires, it moves on if later spans extended the trace
            long due = span.endMillis() + quietMs;
            ctx.timerService().registerEventTimeTimer(due);
            summaryAt.update(due);
        }
    }

    /** Joins the two ends of cross-service calls. */
    private void link(SpanFacts span, Context ctx) throws Exception {
        if (!span.database().isEmpty()) {
            ctx.output(EDGES, edge(span.service(), span, span.database(), ctx));
        }
        boolean isCaller = "client".equals(span.kind()) || "producer".equals(span.kind());
        if (isCaller) {
            callers.put(span.spanId(), span.service());
        }
        // whoever this span is, the servers under it stop waiting: linked if it is a caller
        Integer servers = waitingCount.get(span.spanId());
        if (servers != null) {
            for (int i = 0; i < servers; i++) {
                String slot = span.spanId() + "#" + i;
                if (isCaller) {
                    emitIfCrossService(span.service(), waiting.get(slot), ctx);
                }
                waiting.remove(slot);
            }
            waitingCount.remove(span.spanId());
        }
        if (!isCaller && span.isEntry() && !span.parentSpanId().isEmpty()) {
            String caller = callers.get(span.parentSpanId());
            if (caller != null) {
                emitIfCrossService(caller, span, ctx);
            } else {
                Integer n = waitingCount.get(span.parentSpanId());
                int next = n == null ? 0 : n;
                waiting.put(span.parentSpanId() + "#" + next, span);
                waitingCount.put(span.parentSpanId(), next + 1);
            }
        }
    }

    private static void emitIfCrossService(String caller, SpanFacts server, Context ctx) {
        if (!caller.equals(server.service())) {
            ctx.output(EDGES, edge(caller, server, server.service(), ctx));
        }
    }

    private static CallSample edge(String caller, SpanFacts measured, String callee, Context ctx) {
        return new CallSample(
                RedPoint.EDGE,
                caller,
                "",
                callee,
                measured.durationNanos(),
                measured.error(),
                ctx.getCurrentKey());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TraceSummary> out)
            throws Exception {
        Long due = summaryAt.value();
        if (due != null && due == timestamp) {
            TraceDigest d = digest.value();
            long quietSince = d.end / 1_000_000 + quietMs;
            if (quietSince > timestamp) {
                ctx.timerService().registerEventTimeTimer(quietSince);
                summaryAt.update(quietSince);
                return;
            }
            out.collect(d.summary(ctx.getCurrentKey()));
            summaryAt.clear();
            long release = timestamp + retainMs;
            releaseAt.update(release);
            ctx.timerService().registerEventTimeTimer(release);
        } else if (releaseAt.value() != null && releaseAt.value() == timestamp) {
            digest.clear();
            callers.clear();
            waitingCount.clear();
            waiting.clear();
            releaseAt.clear();
        }
    }
}
