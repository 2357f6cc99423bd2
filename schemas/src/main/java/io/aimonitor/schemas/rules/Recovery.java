package io.aimonitor.schemas.rules;

/** Hysteresis: once firing, the alert resolves only when the value satisfies {@code op value}. */
public record Recovery(CompareOp op, Double value) {}
