package io.aimonitor.schemas.otlp;

import java.util.Arrays;

/**
 * Collects label pairs where a later put of the same key wins, and produces the key-sorted
 * flattened form. The labels shared by every point of a scope (resource and scope attributes) are
 * sorted once; each point's own attributes - usually a handful - are sorted and merged into them.
 */
final class LabelBuilder {
    private String[] keys = new String[16];
    private String[] values = new String[16];
    private int size;

    void clear() {
        size = 0;
    }

    void copyFrom(LabelBuilder other) {
        if (keys.length < other.size) {
            keys = new String[other.keys.length];
            values = new String[other.keys.length];
        }
        System.arraycopy(other.keys, 0, keys, 0, other.size);
        System.arraycopy(other.values, 0, values, 0, other.size);
        size = other.size;
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

    /** Flattened pairs sorted by key: key0, value0, key1, value1... */
    String[] toSortedPairs() {
        return mergeInto(new String[0]);
    }

    /** {@code shared} (sorted pairs) with these labels merged in; on the same key these win. */
    String[] mergeInto(String[] shared) {
        sortByKey();
        String[] out = new String[shared.length + 2 * size];
        int s = 0;
        int o = 0;
        int n = 0;
        while (s < shared.length || o < size) {
            int cmp = s >= shared.length ? 1 : o >= size ? -1 : shared[s].compareTo(keys[o]);
            if (cmp < 0) {
                out[n++] = shared[s];
                out[n++] = shared[s + 1];
                s += 2;
            } else {
                out[n++] = keys[o];
                out[n++] = values[o];
                o++;
                if (cmp == 0) {
                    s += 2;
                }
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private void sortByKey() {
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
    }
}
