package io.aimonitor.pipeline.metrics;

import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.schemas.metrics.MetricType;
import io.aimonitor.schemas.metrics.SeriesFingerprint;

/** Points for operator tests. */
final class Points {
    private Points() {}

    static MetricPoint counter(String metric, long startMs, long timeMs, double value) {
        MetricPoint p = base(metric, MetricType.SUM, startMs, timeMs);
        p.monotonic = true;
        p.cumulative = true;
        p.value = value;
        return p;
    }

    static MetricPoint histogram(long startMs, long timeMs, double[] bounds, long... counts) {
        MetricPoint p = base("latency", MetricType.HISTOGRAM, startMs, timeMs);
        p.cumulative = true;
        p.bounds = bounds;
        p.bucketCounts = counts;
        for (long c : counts) {
            p.count += c;
        }
        p.sum = p.count * 1.5;
        return p;
    }

    static MetricPoint gauge(String metric, long timeMs, double value) {
        MetricPoint p = base(metric, MetricType.GAUGE, 0, timeMs);
        p.value = value;
        return p;
    }

    private static MetricPoint base(String metric, MetricType type, long startMs, long timeMs) {
        MetricPoint p = new MetricPoint();
        p.metric = metric;
        p.type = type;
        p.unit = "1";
        p.labels = new String[] {"host", "web-1"};
        p.seriesId = SeriesFingerprint.of(metric, p.labels);
        p.startTimeMs = startMs;
        p.timestampMs = timeMs;
        return p;
    }
}
