package io.aimonitor.pipeline.alerting;

import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.schemas.metrics.MetricType;
import io.aimonitor.schemas.metrics.SeriesFingerprint;
import java.util.Map;
import java.util.TreeMap;

/** Points for alerting tests. */
final class TestPoints {
    private TestPoints() {}

    static MetricPoint gauge(String metric, Map<String, String> labels, long t, double value) {
        MetricPoint p = new MetricPoint();
        p.metric = metric;
        p.type = MetricType.GAUGE;
        p.unit = "1";
        TreeMap<String, String> sorted = new TreeMap<>(labels);
        p.labels = new String[sorted.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            p.labels[i++] = e.getKey();
            p.labels[i++] = e.getValue();
        }
        p.seriesId = SeriesFingerprint.of(metric, p.labels);
        p.timestampMs = t;
        p.value = value;
        return p;
    }

    static MetricPoint gauge(String metric, String host, long t, double value) {
        return gauge(metric, Map.of("host", host), t, value);
    }
}
