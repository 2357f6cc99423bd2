package io.aimonitor.agent.collect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reading: a gauge, or a counter (cumulative and monotonic since the agent or the target
 * started), with its attributes. Names and units follow OpenTelemetry's semantic conventions.
 */
public record Sample(
        String name, String unit, Kind kind, Map<String, String> attributes, double value) {
    public enum Kind {
        GAUGE,
        COUNTER
    }

    public static Sample gauge(String name, String unit, double value, String... attributes) {
        return new Sample(name, unit, Kind.GAUGE, pairs(attributes), value);
    }

    public static Sample counter(String name, String unit, double value, String... attributes) {
        return new Sample(name, unit, Kind.COUNTER, pairs(attributes), value);
    }

    private static Map<String, String> pairs(String... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in key, value pairs");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }
}
