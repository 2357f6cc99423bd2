package io.aimonitor.schemas.metrics;

import java.util.Locale;

/** The kind of a metric stream, as OTLP defines it. Stored in lower case. */
public enum MetricType {
    GAUGE,
    SUM,
    HISTOGRAM,
    EXPONENTIAL_HISTOGRAM,
    SUMMARY;

    public String storedName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MetricType fromStoredName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    public boolean isHistogram() {
        return this == HISTOGRAM || this == EXPONENTIAL_HISTOGRAM;
    }
}
