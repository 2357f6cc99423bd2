package io.aimonitor.pipeline.traces;

import io.aimonitor.schemas.traces.TraceSummary;
import java.util.Arrays;
import java.util.List;

/**
 * A trace's summary as its spans arrive, in constant space: extent, counts, services and the root
 * (the parentless span; while it is missing, the earliest span stands in).
 */
public class TraceDigest {
    public long start = Long.MAX_VALUE;
    public long end = Long.MIN_VALUE;
    public int spans;
    public int errors;
    public String[] services = new String[0]; // sorted
    public String rootService = "";
    public String rootOperation = "";
    public long rootStart = Long.MAX_VALUE;
    public boolean rootFound;

    /**
     * Begun after the trace's earlier spans were summarised and released: its summary must never
     * replace theirs, whatever its span count.
     */
    public boolean fragment;

    void add(SpanFacts s) {
        spans++;
        errors += s.error() ? 1 : 0;
        start = Math.min(start, s.startNanos());
        end = Math.max(end, s.endNanos());
        int at = Arrays.binarySearch(services, s.service());
        if (at < 0) {
            int insert = -at - 1;
            String[] grown = new String[services.length + 1];
            System.arraycopy(services, 0, grown, 0, insert);
            grown[insert] = s.service();
            System.arraycopy(services, insert, grown, insert + 1, services.length - insert);
            services = grown;
        }
        boolean isRoot = s.parentSpanId().isEmpty();
        if ((isRoot && !rootFound) || (isRoot == rootFound && s.startNanos() < rootStart)) {
            rootFound = isRoot;
            rootService = s.service();
            rootOperation = s.operation();
            rootStart = s.startNanos();
        }
    }

    /**
     * The summary so far; its version is the span count, so a fuller summary wins (a fragment's is
     * 0: it only stands when nothing else of the trace was summarised).
     */
    TraceSummary summary(String traceId) {
        return new TraceSummary(
                traceId,
                rootService,
                rootOperation,
                start,
                end - start,
                spans,
                errors,
                List.of(services),
                fragment ? 0 : spans);
    }
}
