package io.aimonitor.pipeline.sink;

import java.util.Arrays;

/**
 * An open-addressing map from long to long: per-point lookups without boxing or entry objects. When
 * it would grow past its limit it is cleared instead - callers use it as a cache.
 */
final class LongLongMap {
    private static final long EMPTY = 0;
    private final int limit;
    private long[] keys;
    private long[] values;
    private int size;
    private boolean hasZeroKey;
    private long zeroValue;

    LongLongMap(int initialCapacity, int limit) {
        int capacity = Integer.highestOneBit(Math.max(16, initialCapacity) * 2 - 1);
        this.keys = new long[capacity];
        this.values = new long[capacity];
        this.limit = limit;
    }

    /** The value for {@code key}, or {@code missing}. */
    long get(long key, long missing) {
        if (key == EMPTY) {
            return hasZeroKey ? zeroValue : missing;
        }
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
            if (keys[i] == EMPTY) {
                return missing;
            }
        }
    }

    void put(long key, long value) {
        if (key == EMPTY) {
            hasZeroKey = true;
            zeroValue = value;
            return;
        }
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            if (keys[i] == EMPTY) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return;
            }
        }
    }

    int size() {
        return size + (hasZeroKey ? 1 : 0);
    }

    private void grow() {
        if (size >= limit) {
            Arrays.fill(keys, EMPTY);
            size = 0;
            hasZeroKey = false;
            return;
        }
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
