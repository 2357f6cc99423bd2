package io.aimonitor.store;

/** How long each resolution is kept, in days. */
public record Retention(int samplesDays, int rollup1mDays, int rollup1hDays) {
    public static final Retention DEFAULT = new Retention(15, 90, 730);

    public Retention {
        if (samplesDays < 1 || rollup1mDays < 1 || rollup1hDays < 1) {
            throw new IllegalArgumentException("retention must be at least 1 day");
        }
    }

    /** The longest of the three: what an index of every stored series must cover. */
    public int longestDays() {
        return Math.max(samplesDays, Math.max(rollup1mDays, rollup1hDays));
    }
}
