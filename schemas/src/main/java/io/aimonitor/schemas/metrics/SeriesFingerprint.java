package io.aimonitor.schemas.metrics;

/**
 * A stable 64-bit identity for a series: FNV-1a over the UTF-8 bytes of the metric name and its
 * sorted label pairs, with a separator byte after every part - the same construction as Prometheus'
 * label-set fingerprint, so identities stay stable across processes and versions. The UTF-8 bytes
 * are produced on the fly: hashing a point allocates nothing.
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
        long hash = add(OFFSET_BASIS, metric);
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
        for (int i = 0, n = part.length(); i < n; i++) {
            int c = part.charAt(i);
            if (c < 0x80) {
                hash = (hash ^ c) * PRIME;
            } else if (c < 0x800) {
                hash = (hash ^ (0xc0 | (c >> 6))) * PRIME;
                hash = (hash ^ (0x80 | (c & 0x3f))) * PRIME;
            } else if (Character.isHighSurrogate((char) c)
                    && i + 1 < n
                    && Character.isLowSurrogate(part.charAt(i + 1))) {
                int cp = Character.toCodePoint((char) c, part.charAt(++i));
                hash = (hash ^ (0xf0 | (cp >> 18))) * PRIME;
                hash = (hash ^ (0x80 | ((cp >> 12) & 0x3f))) * PRIME;
                hash = (hash ^ (0x80 | ((cp >> 6) & 0x3f))) * PRIME;
                hash = (hash ^ (0x80 | (cp & 0x3f))) * PRIME;
            } else {
                if (Character.isSurrogate((char) c)) {
                    c = '?'; // a lone surrogate encodes as '?', as String.getBytes(UTF_8) does
                    hash = (hash ^ c) * PRIME;
                    continue;
                }
                hash = (hash ^ (0xe0 | (c >> 12))) * PRIME;
                hash = (hash ^ (0x80 | ((c >> 6) & 0x3f))) * PRIME;
                hash = (hash ^ (0x80 | (c & 0x3f))) * PRIME;
            }
        }
        return (hash ^ SEPARATOR) * PRIME;
    }
}
