package io.aimonitor.bench;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * Pre-serialized OTLP requests whose timestamps and values are patched in place before each send,
 * so the load generator spends almost no CPU of the machine it shares with the system under test.
 * Series: {@code hosts x metrics x labelValues}; a fifth of the metrics are cumulative counters.
 */
final class OtlpLoad {
    static final String METRIC_PREFIX = "bench.metric.";
    private static final long TIME_MARKER = 0x1122334455667788L;
    private static final long VALUE_MARKER =
            0x7ff1223344556677L; // a NaN bit pattern nothing else uses
    private static final long START_MARKER = 0x1133557799bbddffL;

    /** One request: its bytes and where to write the time, start time and value of each point. */
    static final class Template {
        final byte[] bytes;
        final int[] timeOffsets;
        final int[] startOffsets;
        final int[] valueOffsets;
        final int points;

        Template(byte[] bytes) {
            this.bytes = bytes;
            this.timeOffsets = find(bytes, TIME_MARKER);
            this.startOffsets = find(bytes, START_MARKER);
            this.valueOffsets = find(bytes, VALUE_MARKER);
            this.points = timeOffsets.length;
        }

        /** Writes the current time (and a monotonic value) into the template; not thread-safe. */
        byte[] stamp(long nowNanos, long startNanos, long round) {
            for (int o : timeOffsets) {
                putLong(bytes, o, nowNanos);
            }
            for (int o : startOffsets) {
                putLong(bytes, o, startNanos);
            }
            for (int i = 0; i < valueOffsets.length; i++) {
                putLong(
                        bytes,
                        valueOffsets[i],
                        Double.doubleToRawLongBits(round * 10.0 + (i % 97)));
            }
            return bytes.clone();
        }
    }

    static final int METRICS = 10;

    static List<Template> templates(int series, int pointsPerRequest) {
        int perHost = METRICS * 10;
        int hosts = Math.max(1, series / perHost);
        int hostsPerRequest = Math.max(1, pointsPerRequest / perHost);
        List<Template> templates = new ArrayList<>();
        for (int first = 0; first < hosts; first += hostsPerRequest) {
            ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
            for (int h = first; h < Math.min(hosts, first + hostsPerRequest); h++) {
                request.addResourceMetrics(host(h));
            }
            templates.add(new Template(request.build().toByteArray()));
        }
        return templates;
    }

    private static ResourceMetrics host(int h) {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
        for (int m = 0; m < METRICS; m++) {
            boolean counter = m % 5 == 0;
            List<NumberDataPoint> points = new ArrayList<>();
            for (int v = 0; v < 10; v++) {
                NumberDataPoint.Builder p =
                        NumberDataPoint.newBuilder()
                                .setTimeUnixNano(TIME_MARKER)
                                .setAsDouble(Double.longBitsToDouble(VALUE_MARKER))
                                .addAttributes(attr("device", "dev-" + v))
                                .addAttributes(attr("mode", v % 2 == 0 ? "user" : "system"));
                if (counter) {
                    p.setStartTimeUnixNano(START_MARKER);
                }
                points.add(p.build());
            }
            Metric.Builder metric = Metric.newBuilder().setName(METRIC_PREFIX + m).setUnit("1");
            if (counter) {
                metric.setSum(
                        Sum.newBuilder()
                                .setIsMonotonic(true)
                                .setAggregationTemporality(
                                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                .addAllDataPoints(points));
            } else {
                metric.setGauge(Gauge.newBuilder().addAllDataPoints(points));
            }
            scope.addMetrics(metric);
        }
        return ResourceMetrics.newBuilder()
                .setResource(
                        Resource.newBuilder()
                                .addAttributes(attr("service.name", "bench"))
                                .addAttributes(attr("host.name", "bench-host-" + h))
                                .addAttributes(attr("cloud.region", "region-" + (h % 4))))
                .addScopeMetrics(scope)
                .build();
    }

    private static KeyValue attr(String k, String v) {
        return KeyValue.newBuilder()
                .setKey(k)
                .setValue(AnyValue.newBuilder().setStringValue(v))
                .build();
    }

    private static int[] find(byte[] bytes, long marker) {
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i + 8 <= bytes.length; i++) {
            if (getLong(bytes, i) == marker) {
                offsets.add(i);
                i += 7;
            }
        }
        return offsets.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long getLong(byte[] b, int o) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[o + i] & 0xff);
        }
        return v;
    }

    private static void putLong(byte[] b, int o, long v) {
        for (int i = 0; i < 8; i++) {
            b[o + i] = (byte) (v >>> (8 * i));
        }
    }
}
