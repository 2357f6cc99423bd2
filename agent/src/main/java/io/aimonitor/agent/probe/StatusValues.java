package io.aimonitor.agent.probe;

import io.aimonitor.agent.collect.Sample;
import java.util.List;
import java.util.Map;

/** Samples from a server's name-to-value status listing (MySQL's STATUS, Redis' INFO). */
final class StatusValues {
    private final Map<String, String> values;
    private final List<Sample> out;

    StatusValues(Map<String, String> values, List<Sample> out) {
        this.values = values;
        this.out = out;
    }

    double number(String key) {
        String v = values.get(key);
        return v == null ? 0 : Double.parseDouble(v);
    }

    void gauge(String key, String name, String unit, String... attributes) {
        if (values.containsKey(key)) {
            out.add(Sample.gauge(name, unit, number(key), attributes));
        }
    }

    void counter(String key, String name, String unit) {
        if (values.containsKey(key)) {
            out.add(Sample.counter(name, unit, number(key)));
        }
    }
}
