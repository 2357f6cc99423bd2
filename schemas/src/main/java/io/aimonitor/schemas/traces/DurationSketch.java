package io.aimonitor.schemas.traces;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;

/**
 * A mergeable quantile sketch of durations in nanoseconds with logarithmic buckets (the DDSketch
 * scheme): any quantile it returns is within 1% of a value actually added. Buckets are sparse
 * enough to store per minute and per key, and merge by adding counts - in Java or with ClickHouse's
 * {@code sumMap} over the stored bucket maps.
 */
public final class DurationSketch implements Serializable {
    public static final double RELATIVE_ACCURACY = 0.01;
    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);

    private int offset; // bucket index of counts[0]
    private long[] counts = new long[0];
    private long total;

    public void add(long durationNanos) {
        add(bucketOf(durationNanos), 1);
    }

    /** Adds {@code count} values to bucket {@code index} (as read back from storage). */
    public void add(int index, long count) {
        if (count <= 0) {
            return;
        }
        if (counts.length == 0) {
            offset = index;
            counts = new long[1];
        } else if (index < offset) {
            long[] grown = new long[counts.length + (offset - index)];
            System.arraycopy(counts, 0, grown, offset - index, counts.length);
            counts = grown;
            offset = index;
        } else if (index >= offset + counts.length) {
            counts = Arrays.copyOf(counts, index - offset + 1);
        }
        counts[index - offset] += count;
        total += count;
    }

    public void merge(DurationSketch other) {
        for (int i = 0; i < other.counts.length; i++) {
            add(other.offset + i, other.counts[i]);
        }
    }

    /** A sketch from stored buckets: bucket index to count. */
    public static DurationSketch fromBuckets(Map<Integer, Long> buckets) {
        DurationSketch sketch = new DurationSketch();
        buckets.forEach(sketch::add);
        return sketch;
    }

    public long count() {
        return total;
    }

    /** The {@code q} quantile (0..1) in nanoseconds; 0 when empty. */
    public double quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.floor(q * (total - 1));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen > rank) {
                return valueOf(offset + i);
            }
        }
        return valueOf(offset + counts.length - 1);
    }

    /** Non-empty bucket indexes, ascending, parallel to {@link #bucketCounts()}. */
    public long[] bucketIndexes() {
        long[] out = new long[nonEmpty()];
        int j = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out[j++] = offset + i;
            }
        }
        return out;
    }

    public long[] bucketCounts() {
        long[] out = new long[nonEmpty()];
        int j = 0;
        for (long c : counts) {
            if (c > 0) {
                out[j++] = c;
            }
        }
        return out;
    }

    private int nonEmpty() {
        int n = 0;
        for (long c : counts) {
            if (c > 0) {
                n++;
            }
        }
        return n;
    }

    static int bucketOf(long durationNanos) {
        // durations under 1 ns (clock skew, zero-length spans) share bucket 0
        return durationNanos <= 1 ? 0 : (int) Math.ceil(Math.log(durationNanos) / LOG_GAMMA);
    }

    /** The bucket's representative value: within the relative accuracy of all it holds. */
    static double valueOf(int index) {
        return index == 0 ? 1 : 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
    }
}
