package io.aimonitor.store.rowbinary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of rows in ClickHouse's RowBinary format: little-endian fixed-width numbers,
 * LEB128 lengths, strings as length + UTF-8 bytes. Not thread-safe.
 */
public final class RowBinaryBuffer {
    private byte[] bytes;
    private int size;
    private int rows;

    public RowBinaryBuffer(int initialCapacity) {
        bytes = new byte[Math.max(64, initialCapacity)];
    }

    public byte[] array() {
        return bytes;
    }

    public int size() {
        return size;
    }

    public int rows() {
        return rows;
    }

    /** Marks the end of one row (only counted, RowBinary has no row separator). */
    public RowBinaryBuffer endRow() {
        rows++;
        return this;
    }

    public void clear() {
        size = 0;
        rows = 0;
    }

    public RowBinaryBuffer uint8(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
        return this;
    }

    public RowBinaryBuffer uint64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /** DateTime64(3): milliseconds since the epoch as Int64. */
    public RowBinaryBuffer dateTime64Millis(long epochMillis) {
        return uint64(epochMillis);
    }

    public RowBinaryBuffer float64(double v) {
        return uint64(Double.doubleToRawLongBits(v));
    }

    public RowBinaryBuffer varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[size++] = (byte) v;
        return this;
    }

    public RowBinaryBuffer string(String s) {
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            varint(n);
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[size++] = (byte) s.charAt(i);
            }
        } else {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
        }
        return this;
    }

    /** Map(String, String) from flattened key, value pairs. */
    public RowBinaryBuffer stringMap(String[] pairs) {
        varint(pairs.length / 2);
        for (String part : pairs) {
            string(part);
        }
        return this;
    }

    /** Map(UInt64, UInt64) from parallel key and value arrays. */
    public RowBinaryBuffer uint64Map(long[] keys, long[] values) {
        varint(keys.length);
        for (int i = 0; i < keys.length; i++) {
            uint64(keys[i]).uint64(values[i]);
        }
        return this;
    }

    public RowBinaryBuffer stringArray(java.util.List<String> values) {
        varint(values.size());
        for (String v : values) {
            string(v);
        }
        return this;
    }

    public RowBinaryBuffer float64Array(double[] values) {
        varint(values.length);
        for (double v : values) {
            float64(v);
        }
        return this;
    }

    public RowBinaryBuffer uint64Array(long[] values) {
        varint(values.length);
        for (long v : values) {
            uint64(v);
        }
        return this;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }
}
