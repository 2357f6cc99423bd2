package io.aimonitor.schemas.traces;

import java.io.Serializable;
import java.util.List;

/**
 * One trace at a glance: its root, its extent, how many spans and errors, which services. A trace
 * that gains late spans is summarised again; {@code version} is the span count, so storage keeps
 * the most complete summary.
 */
public record TraceSummary(
        String traceId,
        String rootService,
        String rootOperation,
        long startNanos,
        long durationNanos,
        int spanCount,
        int errorCount,
        List<String> services,
        int version)
        implements Serializable {}
