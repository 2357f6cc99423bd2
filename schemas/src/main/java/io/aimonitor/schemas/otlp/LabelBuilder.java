package io.aimonitor.schemas.otlp;

import java.util.Arrays;

/**
 * Collects label pairs where a later put of the same key wins (point attributes override scope
 * labels, which override resource attributes), and produces the sorted flattened form.
 */
final class LabelBuilder {
    private String[] keys = new String[16];
    private String[] values = new String[16];
    private int size;

    LabelBuilder() {}

    LabelBuilder(LabelBuilder base) {
        keys = Arrays.copyOf(base.keys, Math.max(16, base.keys.length));
        values = Arrays.copyOf(base.values, keys.length);
        size = base.size;
    }

    void reset(LabelBuilder base) {
        if (keys.length < base.keys.length) {
            keys = new String[base.keys.length];
            values = new String[base.keys.length];
        }
        System.arraycopy(base.keys, 0, keys, 0, base.size);
        System.arraycopy(base.values, 0, values, 0, base.size);
        size = base.size;
    }

    void put(String key, String value) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                values[i] = value;
                return;
            }
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        size++;
    }

    int size() {
        return size;
    }

    /** The first label whose value is too long, or null. */
    String overlongKey() {
        for (int i = 0; i < size; i++) {
            if (values[i].length() > OtlpAttributes.MAX_VALUE_LENGTH) {
                return keys[i];
            }
        }
        return null;
    }

    /** Sorted by key; insertion sort since label sets are small. */
    String[] toSortedPairs() {
        for (int i = 1; i < size; i++) {
            String k = keys[i];
            String v = values[i];
            int j = i - 1;
            while (j >= 0 && keys[j].compareTo(k) > 0) {
                keys[j + 1] = keys[j];
                values[j + 1] = values[j];
                j--;
            }
            keys[j + 1] = k;
            values[j + 1] = v;
        }
        String[] pairs = new String[size * 2];
        for (int i = 0; i < size; i++) {
            pairs[2 * i] = keys[i];
            pairs[2 * i + 1] = values[i];
        }
        return pairs;
    }
}
