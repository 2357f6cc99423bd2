package io.aimonitor.agent.collect;

import java.util.Arrays;

/** Attribute lists (key, value, key, value...) as the samples' factories take them. */
public final class Attributes {
    private Attributes() {}

    /** {@code attributes} and one more pair. */
    public static String[] with(String[] attributes, String key, String value) {
        String[] out = Arrays.copyOf(attributes, attributes.length + 2);
        out[attributes.length] = key;
        out[attributes.length + 1] = value;
        return out;
    }
}
