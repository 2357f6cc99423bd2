package io.aimonitor.agent.probe;

import java.util.HashMap;
import java.util.Map;

/** Per-second rates from successive counter readings; none on the first reading or a reset. */
final class Rates {
    private record Reading(double value, long nanos) {}

    private final Map<String, Reading> previous = new HashMap<>();

    Double perSecond(String key, double value, long nanos) {
        Reading before = previous.put(key, new Reading(value, nanos));
        if (before == null || value < before.value() || nanos <= before.nanos()) {
            return null;
        }
        return (value - before.value()) / ((nanos - before.nanos()) / 1e9);
    }
}
