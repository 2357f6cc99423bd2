package io.aimonitor.agent.probe;

import io.aimonitor.agent.collect.Sample;
import java.util.List;

/** One middleware target a probe reads; may fail, which the probe reports as {@code up = 0}. */
public interface Target extends AutoCloseable {
    List<Sample> read() throws Exception;

    @Override
    default void close() {}
}
