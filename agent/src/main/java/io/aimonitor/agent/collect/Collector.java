package io.aimonitor.agent.collect;

import java.util.List;

/** Reads one source (the host, a middleware target, a scrape endpoint) each interval. */
public interface Collector {
    /** The instrumentation scope its samples are reported under, e.g. {@code aimonitor.host}. */
    String scope();

    List<Sample> collect() throws Exception;
}
