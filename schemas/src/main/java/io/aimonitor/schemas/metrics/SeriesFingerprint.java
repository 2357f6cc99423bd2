package io.aimonitor.schemas.metrics;

import java.nio.charset.StandardCharsets;

/**
 * A stable 64-bit identity for a series: FNV-1a over the metric name and its sorted label pairs,
 * with a separator byte between every part - the same construction as Prometheus' label-set
 * fingerprint, so identities stay stable across processes and versions.
 */
public final class SeriesFingerprint {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final int SEPARATOR = 0xff;

    private SeriesFingerprint() {}

    /**
     * @param metric the metric name
     * @param labels flattened, key-sorted pairs: key0, value0, key1, value1...
     */
    public static long of(String metric, String[] labels) {
        long hash = OFFSET_BASIS;
        hash = add(hash, metric);
        for (String part : labels) {
            hash = add(hash, part);
        }
        return hash;
    }

    /** Same as {@link #of} but for a rule or other owner id plus a series' labels. */
    public static long of(String owner, String metric, String[] labels) {
        return of(owner + '\u0000' + metric, labels);
    }

    public static String hex(long fingerprint) {
        return String.format("%016x", fingerprint);
    }

    private static long add(long hash, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            hash ^= (b & 0xff);
            hash *= PRIME;
        }
        hash ^= SEPARATOR;
        hash *= PRIME;
        return hash;
    }
}
