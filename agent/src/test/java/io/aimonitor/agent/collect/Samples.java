package io.aimonitor.agent.collect;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finding samples in a collection, for assertions. */
public final class Samples {
    private Samples() {}

    /** The first sample named {@code name} carrying all of {@code attributes}. */
    public static Optional<Sample> find(
            List<Sample> samples, String name, Map<String, String> attributes) {
        return samples.stream()
                .filter(
                        s ->
                                s.name().equals(name)
                                        && s.attributes()
                                                .entrySet()
                                                .containsAll(attributes.entrySet()))
                .findFirst();
    }

    public static Optional<Double> value(
            List<Sample> samples, String name, Map<String, String> attributes) {
        return find(samples, name, attributes).map(Sample::value);
    }

    public static Optional<Double> value(List<Sample> samples, String name) {
        return value(samples, name, Map.of());
    }
}
