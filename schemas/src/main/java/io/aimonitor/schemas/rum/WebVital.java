package io.aimonitor.schemas.rum;

import java.util.Locale;
import java.util.Optional;

/**
 * The Core Web Vitals and their companions with Google's thresholds (web.dev, as the {@code
 * web-vitals} library applies them): a value up to {@code good} is good, above {@code poor} is
 * poor, in between needs improvement. Times are milliseconds; CLS has no unit.
 */
public enum WebVital {
    LCP(2500, 4000),
    INP(200, 500),
    FID(100, 300),
    CLS(0.1, 0.25),
    TTFB(800, 1800),
    FCP(1800, 3000);

    private final double good;
    private final double poor;

    WebVital(double good, double poor) {
        this.good = good;
        this.poor = poor;
    }

    public Rating rate(double value) {
        if (value > poor) {
            return Rating.POOR;
        }
        return value > good ? Rating.NEEDS_IMPROVEMENT : Rating.GOOD;
    }

    /** The largest value a working browser reports; above it the client is broken. */
    public double maxValue() {
        return this == CLS ? 100 : 3_600_000;
    }

    public static Optional<WebVital> named(String name) {
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public enum Rating {
        GOOD("good"),
        NEEDS_IMPROVEMENT("needs-improvement"),
        POOR("poor");

        public final String label;

        Rating(String label) {
            this.label = label;
        }
    }
}
