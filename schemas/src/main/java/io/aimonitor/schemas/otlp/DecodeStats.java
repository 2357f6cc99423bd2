package io.aimonitor.schemas.otlp;

/** What one decode pass accepted and rejected. */
public final class DecodeStats {
    private static final int MAX_ERRORS = 5;

    private long accepted;
    private long rejected;
    private long skipped;
    private final StringBuilder errors = new StringBuilder();
    private int errorCount;

    public void accept() {
        accepted++;
    }

    public void skip() {
        skipped++;
    }

    public void reject(String reason, long points) {
        rejected += points;
        if (errorCount < MAX_ERRORS) {
            if (errors.length() > 0) {
                errors.append("; ");
            }
            errors.append(reason);
        } else if (errorCount == MAX_ERRORS) {
            errors.append("; ...");
        }
        errorCount++;
    }

    public long accepted() {
        return accepted;
    }

    /** Points rejected as invalid. */
    public long rejected() {
        return rejected;
    }

    /** Points flagged as carrying no recorded value: neither stored nor rejected. */
    public long skipped() {
        return skipped;
    }

    /** The first few rejection reasons joined, or an empty string. */
    public String errorMessage() {
        return errors.toString();
    }
}
