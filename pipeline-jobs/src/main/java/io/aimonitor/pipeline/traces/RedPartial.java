package io.aimonitor.pipeline.traces;

/** One subtask's share of a RED window, merged downstream with the other subtasks' shares. */
public record RedPartial(String key, RedAccumulator calls) {}
