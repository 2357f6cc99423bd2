package io.aimonitor.schemas.rules;

/** Report NO_DATA for a series that stops reporting for {@code after} (distinct from resolved). */
public record NoData(java.time.Duration after) {}
