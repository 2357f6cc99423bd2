package io.aimonitor.api.ops;

import io.aimonitor.api.ingest.IngestCounters;
import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The API process's own metrics in Prometheus exposition format: requests by route template and
 * status, their durations, ingest counters, Kafka producer failures, and the JVM.
 */
public final class ProcessMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Histogram durations;

    public ProcessMetrics(IngestCounters ingest) {
        JvmMetrics.builder().register(registry);
        requests =
                Counter.builder()
                        .name("aimonitor_http_requests_total")
                        .help("HTTP requests by method, route template and status")
                        .labelNames("method", "route", "status")
                        .register(registry);
        durations =
                Histogram.builder()
                        .name("aimonitor_http_request_duration_seconds")
                        .help("HTTP request durations by method and route template")
                        .labelNames("method", "route")
                        .register(registry);
        CounterWithCallback.builder()
                .name("aimonitor_ingest_requests_total")
                .help("OTLP ingest requests")
                .callback(cb -> cb.call(ingest.requests.sum()))
                .register(registry);
        CounterWithCallback.builder()
                .name("aimonitor_ingest_points_accepted_total")
                .help("OTLP data points written to Kafka")
                .callback(cb -> cb.call(ingest.acceptedPoints.sum()))
                .register(registry);
        CounterWithCallback.builder()
                .name("aimonitor_ingest_points_rejected_total")
                .help("OTLP data points rejected as invalid")
                .callback(cb -> cb.call(ingest.rejectedPoints.sum()))
                .register(registry);
        CounterWithCallback.builder()
                .name("aimonitor_ingest_spans_accepted_total")
                .help("OTLP spans written to Kafka")
                .callback(cb -> cb.call(ingest.acceptedSpans.sum()))
                .register(registry);
        CounterWithCallback.builder()
                .name("aimonitor_ingest_spans_rejected_total")
                .help("OTLP spans rejected as invalid")
                .callback(cb -> cb.call(ingest.rejectedSpans.sum()))
                .register(registry);
        CounterWithCallback.builder()
                .name("aimonitor_kafka_producer_errors_total")
                .help("ingest requests Kafka did not acknowledge (answered 503)")
                .callback(cb -> cb.call(ingest.kafkaFailures.sum()))
                .register(registry);
    }

    /** Records one finished request (Javalin's request logger). */
    public void observe(Context ctx, float millis) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        String route = endpoint == null ? "unmatched" : endpoint.path;
        String method = ctx.method().name();
        requests.labelValues(method, route, Integer.toString(ctx.statusCode())).inc();
        durations.labelValues(method, route).observe(millis / 1000.0);
    }

    public String contentType() {
        return writer.getContentType();
    }

    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        try {
            writer.write(
                    out,
                    registry.scrape(),
                    io.prometheus.metrics.config.EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    public PrometheusRegistry registry() {
        return registry;
    }
}
