package io.aimonitor.pipeline.traces;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the traces job reads time and what it derives.
 *
 * @param window RED and error-group window length (1 minute; shorter only in tests)
 * @param outOfOrderness how far spans may arrive out of order and still be on time
 * @param allowedLateness how long after a window closes a late span still corrects it
 * @param traceQuiet a trace is summarised once no span of it has ended for this long
 * @param traceRetention how long after its summary a trace is kept for late spans to update it
 * @param quietSource with no spans at all for this long, event time follows the wall clock
 * @param slowDeviation a span is slow this many standard deviations above its operation's baseline
 * @param slowRatio ... and at least this many times its typical duration
 * @param metricsTopic where RED points go as OTLP gauges (for storage and alerting); null for none
 */
public record TraceAnalyticsOptions(
        Duration window,
        Duration outOfOrderness,
        Duration allowedLateness,
        Duration traceQuiet,
        Duration traceRetention,
        Duration quietSource,
        double slowDeviation,
        double slowRatio,
        String metricsTopic)
        implements Serializable {

    public static final TraceAnalyticsOptions DEFAULT =
            new TraceAnalyticsOptions(
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(5),
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10),
                    3,
                    2,
                    "otlp_metrics");

    public TraceAnalyticsOptions withMetricsTopic(String topic) {
        return new TraceAnalyticsOptions(
                window,
                outOfOrderness,
                allowedLateness,
                traceQuiet,
                traceRetention,
                quietSource,
                slowDeviation,
                slowRatio,
                topic);
    }
}
