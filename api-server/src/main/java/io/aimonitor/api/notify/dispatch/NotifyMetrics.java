package io.aimonitor.api.notify.dispatch;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Delivery outcomes by channel type, and how long delivered notifications took, in /metrics. */
public final class NotifyMetrics {
    private final Counter attempts;
    private final Histogram latency;

    public NotifyMetrics(PrometheusRegistry registry) {
        attempts =
                Counter.builder()
                        .name("aimonitor_notification_attempts_total")
                        .help(
                                "notification delivery attempts by channel type and outcome (delivered, retried, failed)")
                        .labelNames("channel_type", "outcome")
                        .register(registry);
        latency =
                Histogram.builder()
                        .name("aimonitor_notification_delivery_seconds")
                        .help("from a notification's creation to its delivery, by channel type")
                        .labelNames("channel_type")
                        .register(registry);
    }

    void outcome(String channelType, String outcome) {
        attempts.labelValues(channelType, outcome).inc();
    }

    void delivered(String channelType, long createdAt, long deliveredAt) {
        outcome(channelType, "delivered");
        latency.labelValues(channelType).observe((deliveredAt - createdAt) / 1000.0);
    }
}
