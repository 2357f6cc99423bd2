package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.RedPoint;
import io.aimonitor.schemas.traces.SpanRecord;
import io.aimonitor.schemas.traces.TraceSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Assembles each trace (keyed by trace id) from its spans as they arrive, in any order:
 *
 * <ul>
 *   <li>service-graph edges as soon as both ends of a cross-service parent/child pair are here
 *       (caller = the parent's service, callee = the child's, the child's duration and status), and
 *       at once for a client span to a database;
 *   <li>a summary once the trace has been quiet for {@code quietMs} of event time;
 *   <li>a new summary for each span that arrives later, as long as the trace is retained ({@code
 *       retainMs} after its summary) - later still, the spans form a fragment whose smaller span
 *       count never replaces the full summary in storage.
 * </ul>
 *
 * Duplicate spans (an exporter retrying) are counted once.
 */
public class TraceAssembler extends KeyedProcessFunction<String, SpanRecord, TraceSummary> {
    public static final OutputTag<CallSample> EDGES = new OutputTag<>("service-graph-edges") {};

    private final long quietMs;
    private final long retainMs;

    private transient MapState<String, SpanLink> spans;
    private transient MapState<String, List<SpanLink>> orphans; // children waiting for a parent
    private transient ValueState<Long> summaryAt;
    private transient ValueState<Long> releaseAt;

    public TraceAssembler(long quietMs, long retainMs) {
        this.quietMs = quietMs;
        this.retainMs = retainMs;
    }

    @Override
    public void open(OpenContext context) {
        spans =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "spans", Types.STRING, TypeInformation.of(SpanLink.class)));
        orphans =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "orphans",
                                        Types.STRING,
                                        TypeInformation.of(new TypeHint<List<SpanLink>>() {})));
        summaryAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("summary-at", Long.class));
        releaseAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("release-at", Long.class));
    }

    @Override
    public void processElement(SpanRecord record, Context ctx, Collector<TraceSummary> out)
            throws Exception {
        SpanLink span = SpanLink.of(record);
        if (spans.contains(span.spanId())) {
            return;
        }
        linkToParent(span, ctx);
        List<SpanLink> children = orphans.get(span.spanId());
        if (children != null) {
            for (SpanLink child : children) {
                emitEdge(span, child, ctx);
            }
            orphans.remove(span.spanId());
        }
        if (!span.database().isEmpty()) {
            ctx.output(
                    EDGES,
                    edge(span.service(), span.database(), span.durationNanos(), span.error(), ctx));
        }
        spans.put(span.spanId(), span);

        if (releaseAt.value() != null) {
            out.collect(summarise(ctx.getCurrentKey())); // a late span of a summarised trace
            return;
        }
        long due = span.endNanos() / 1_000_000 + quietMs;
        Long scheduled = summaryAt.value();
        if (scheduled == null || due > scheduled) {
            if (scheduled != null) {
                ctx.timerService().deleteEventTimeTimer(scheduled);
            }
            ctx.timerService().registerEventTimeTimer(due);
            summaryAt.update(due);
        }
    }

    private void linkToParent(SpanLink span, Context ctx) throws Exception {
        if (span.parentSpanId().isEmpty()) {
            return;
        }
        SpanLink parent = spans.get(span.parentSpanId());
        if (parent != null) {
            emitEdge(parent, span, ctx);
            return;
        }
        List<SpanLink> waiting = orphans.get(span.parentSpanId());
        List<SpanLink> updated = waiting == null ? new ArrayList<>() : new ArrayList<>(waiting);
        updated.add(span);
        orphans.put(span.parentSpanId(), updated);
    }

    private static void emitEdge(SpanLink parent, SpanLink child, Context ctx) {
        if (!parent.service().equals(child.service())) {
            ctx.output(
                    EDGES,
                    edge(
                            parent.service(),
                            child.service(),
                            child.durationNanos(),
                            child.error(),
                            ctx));
        }
    }

    private static CallSample edge(
            String caller, String callee, long durationNanos, boolean error, Context ctx) {
        return new CallSample(
                RedPoint.EDGE, caller, "", callee, durationNanos, error, ctx.getCurrentKey());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TraceSummary> out)
            throws Exception {
        Long due = summaryAt.value();
        if (due != null && due == timestamp) {
            out.collect(summarise(ctx.getCurrentKey()));
            summaryAt.clear();
            long release = timestamp + retainMs;
            releaseAt.update(release);
            ctx.timerService().registerEventTimeTimer(release);
        } else if (releaseAt.value() != null && releaseAt.value() == timestamp) {
            spans.clear();
            orphans.clear();
            releaseAt.clear();
        }
    }

    private TraceSummary summarise(String traceId) throws Exception {
        SpanLink root = null;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int count = 0;
        int errors = 0;
        TreeSet<String> services = new TreeSet<>();
        for (SpanLink s : spans.values()) {
            count++;
            errors += s.error() ? 1 : 0;
            services.add(s.service());
            start = Math.min(start, s.startNanos());
            end = Math.max(end, s.endNanos());
            // the root is the parentless span; while it is missing, the earliest span stands in
            if (root == null
                    || (s.parentSpanId().isEmpty() && !root.parentSpanId().isEmpty())
                    || (s.parentSpanId().isEmpty() == root.parentSpanId().isEmpty()
                            && s.startNanos() < root.startNanos())) {
                root = s;
            }
        }
        return new TraceSummary(
                traceId,
                root.service(),
                root.operation(),
                start,
                end - start,
                count,
                errors,
                List.copyOf(services),
                count);
    }
}
