package io.aimonitor.schemas.otlp;

import static io.aimonitor.schemas.otlp.OtlpFixtures.T0_NANOS;
import static io.aimonitor.schemas.otlp.OtlpFixtures.attr;
import static io.aimonitor.schemas.otlp.OtlpFixtures.request;
import static io.aimonitor.schemas.otlp.OtlpFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.schemas.metrics.MetricPoint;
import io.aimonitor.schemas.metrics.MetricType;
import io.aimonitor.schemas.metrics.SeriesFingerprint;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpMetricsDecoderTest {
    private final List<MetricPoint> points = new ArrayList<>();

    private DecodeStats decode(ExportMetricsServiceRequest request) {
        return new OtlpMetricsDecoder().decode(request, points::add);
    }

    private static NumberDataPoint.Builder number(double value) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(T0_NANOS).setAsDouble(value);
    }

    private static Metric gauge(String name, NumberDataPoint.Builder... dataPoints) {
        Gauge.Builder g = Gauge.newBuilder();
        for (NumberDataPoint.Builder p : dataPoints) {
            g.addDataPoints(p);
        }
        return Metric.newBuilder()
                .setName(name)
                .setUnit("1")
                .setDescription("d")
                .setGauge(g)
                .build();
    }

    @Test
    void mergesResourceScopeAndPointAttributesIntoSortedLabels() {
        decode(
                request(
                        resource("checkout", "web-1"),
                        gauge("cpu", number(0.5).addAttributes(attr("cpu", "0")))));

        assertThat(points).hasSize(1);
        MetricPoint p = points.get(0);
        assertThat(p.labels)
                .containsExactly(
                        "cpu", "0",
                        "host.name", "web-1",
                        "otel.scope.name", "test-scope",
                        "otel.scope.version", "1.0",
                        "service.name", "checkout");
        assertThat(p.seriesId).isEqualTo(SeriesFingerprint.of("cpu", p.labels));
        assertThat(p.timestampMs).isEqualTo(T0_NANOS / 1_000_000);
        assertThat(p.value).isEqualTo(0.5);
        assertThat(p.type).isEqualTo(MetricType.GAUGE);
        assertThat(p.description).isEqualTo("d");
    }

    @Test
    void pointAttributeOverridesResourceAttributeOfSameKey() {
        decode(
                request(
                        resource("checkout", "web-1"),
                        gauge("cpu", number(1).addAttributes(attr("host.name", "override")))));

        assertThat(points.get(0).label("host.name")).isEqualTo("override");
    }

    @Test
    void describesOnlyTheFirstPointOfAMetric() {
        decode(
                request(
                        resource("s", "h"),
                        gauge(
                                "cpu",
                                number(1).addAttributes(attr("cpu", "0")),
                                number(2).addAttributes(attr("cpu", "1")))));

        assertThat(points).extracting(p -> p.description).containsExactly("d", null);
    }

    @Test
    void deltaSumCarriesItsValueAsDeltaAndRate() {
        Metric sum =
                Metric.newBuilder()
                        .setName("requests")
                        .setSum(
                                Sum.newBuilder()
                                        .setIsMonotonic(true)
                                        .setAggregationTemporality(
                                                AggregationTemporality
                                                        .AGGREGATION_TEMPORALITY_DELTA)
                                        .addDataPoints(
                                                NumberDataPoint.newBuilder()
                                                        .setStartTimeUnixNano(
                                                                T0_NANOS - 10_000_000_000L)
                                                        .setTimeUnixNano(T0_NANOS)
                                                        .setAsInt(50)))
                        .build();
        decode(request(resource("s", "h"), sum));

        MetricPoint p = points.get(0);
        assertThat(p.needsDelta()).isFalse();
        assertThat(p.delta).isEqualTo(50);
        assertThat(p.rate).isEqualTo(5.0);
        assertThat(p.monotonic).isTrue();
    }

    @Test
    void cumulativeSumNeedsDelta() {
        Metric sum =
                Metric.newBuilder()
                        .setName("requests")
                        .setSum(
                                Sum.newBuilder()
                                        .setIsMonotonic(true)
                                        .setAggregationTemporality(
                                                AggregationTemporality
                                                        .AGGREGATION_TEMPORALITY_CUMULATIVE)
                                        .addDataPoints(number(7)))
                        .build();
        decode(request(resource("s", "h"), sum));

        assertThat(points.get(0).needsDelta()).isTrue();
        assertThat(points.get(0).cumulative).isTrue();
    }

    @Test
    void histogramKeepsBucketsAndRejectsMismatchedCounts() {
        HistogramDataPoint good =
                HistogramDataPoint.newBuilder()
                        .setTimeUnixNano(T0_NANOS)
                        .setCount(6)
                        .setSum(12.5)
                        .addExplicitBounds(1)
                        .addExplicitBounds(5)
                        .addBucketCounts(1)
                        .addBucketCounts(3)
                        .addBucketCounts(2)
                        .setMin(0.5)
                        .setMax(9)
                        .build();
        HistogramDataPoint bad = good.toBuilder().setCount(7).build();
        Metric histogram =
                Metric.newBuilder()
                        .setName("latency")
                        .setHistogram(
                                Histogram.newBuilder()
                                        .setAggregationTemporality(
                                                AggregationTemporality
                                                        .AGGREGATION_TEMPORALITY_DELTA)
                                        .addDataPoints(good)
                                        .addDataPoints(bad))
                        .build();

        DecodeStats stats = decode(request(resource("s", "h"), histogram));

        assertThat(stats.accepted()).isEqualTo(1);
        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.errorMessage()).contains("latency", "count 7", "bucket counts 6");
        MetricPoint p = points.get(0);
        assertThat(p.bounds).containsExactly(1, 5);
        assertThat(p.bucketCounts).containsExactly(1, 3, 2);
        assertThat(p.min).isEqualTo(0.5);
        assertThat(p.max).isEqualTo(9);
    }

    @Test
    void exponentialHistogramBecomesExplicitUpperBounds() {
        // scale 0: base 2; positive offset 1 -> buckets (2,4], (4,8]
        ExponentialHistogramDataPoint p =
                ExponentialHistogramDataPoint.newBuilder()
                        .setTimeUnixNano(T0_NANOS)
                        .setScale(0)
                        .setCount(6)
                        .setSum(30)
                        .setZeroCount(1)
                        .setPositive(
                                ExponentialHistogramDataPoint.Buckets.newBuilder()
                                        .setOffset(1)
                                        .addBucketCounts(2)
                                        .addBucketCounts(3))
                        .build();
        Metric metric =
                Metric.newBuilder()
                        .setName("sizes")
                        .setExponentialHistogram(
                                ExponentialHistogram.newBuilder()
                                        .setAggregationTemporality(
                                                AggregationTemporality
                                                        .AGGREGATION_TEMPORALITY_DELTA)
                                        .addDataPoints(p))
                        .build();
        decode(request(resource("s", "h"), metric));

        MetricPoint point = points.get(0);
        assertThat(point.type).isEqualTo(MetricType.EXPONENTIAL_HISTOGRAM);
        assertThat(point.bounds).containsExactly(0, 4, 8);
        assertThat(point.bucketCounts).containsExactly(1, 2, 3, 0);
        assertThat(point.count).isEqualTo(6);
    }

    @Test
    void summaryBecomesQuantileGaugesAndCumulativeCountAndSum() {
        Metric summary =
                Metric.newBuilder()
                        .setName("rpc")
                        .setSummary(
                                Summary.newBuilder()
                                        .addDataPoints(
                                                SummaryDataPoint.newBuilder()
                                                        .setTimeUnixNano(T0_NANOS)
                                                        .setCount(10)
                                                        .setSum(42)
                                                        .addQuantileValues(
                                                                SummaryDataPoint.ValueAtQuantile
                                                                        .newBuilder()
                                                                        .setQuantile(0.99)
                                                                        .setValue(8))))
                        .build();
        DecodeStats stats = decode(request(resource("s", "h"), summary));

        assertThat(stats.accepted()).isEqualTo(1);
        assertThat(points).extracting(p -> p.metric).containsExactly("rpc", "rpc_count", "rpc_sum");
        assertThat(points.get(0).label("quantile")).isEqualTo("0.99");
        assertThat(points.get(0).value).isEqualTo(8);
        assertThat(points.get(1).needsDelta()).isTrue();
        assertThat(points.get(1).value).isEqualTo(10);
        assertThat(points.get(2).value).isEqualTo(42);
    }

    @Test
    void aSummaryWhoseQuantileLabelWouldBeOneTooManyIsRejectedNotAnError() {
        // 4 shared labels (service, host, scope name and version) + 124 = the 128 allowed
        SummaryDataPoint.Builder point =
                SummaryDataPoint.newBuilder()
                        .setTimeUnixNano(T0_NANOS)
                        .setCount(1)
                        .setSum(1)
                        .addQuantileValues(
                                SummaryDataPoint.ValueAtQuantile.newBuilder()
                                        .setQuantile(0.5)
                                        .setValue(1));
        for (int i = 0; i < 124; i++) {
            point.addAttributes(OtlpFixtures.attr("k" + i, "v"));
        }
        Metric summary =
                Metric.newBuilder()
                        .setName("rpc")
                        .setSummary(Summary.newBuilder().addDataPoints(point))
                        .build();
        DecodeStats stats = decode(request(resource("s", "h"), summary));

        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.errorMessage()).contains("more than 128 labels");
        assertThat(points).isEmpty();
    }

    @Test
    void rejectsPointsWithoutTimeOrValueAndSaysWhy() {
        DecodeStats stats =
                decode(
                        request(
                                resource("s", "h"),
                                gauge(
                                        "cpu",
                                        NumberDataPoint.newBuilder().setAsDouble(1),
                                        NumberDataPoint.newBuilder().setTimeUnixNano(T0_NANOS),
                                        number(Double.NaN),
                                        number(3))));

        assertThat(stats.accepted()).isEqualTo(1);
        assertThat(stats.rejected()).isEqualTo(3);
        assertThat(stats.errorMessage())
                .contains("cpu: data point has no time_unix_nano")
                .contains("cpu: number data point has no value")
                .contains("is not a finite number");
    }

    @Test
    void skipsPointsFlaggedWithoutRecordedValue() {
        DecodeStats stats =
                decode(
                        request(
                                resource("s", "h"),
                                gauge(
                                        "cpu",
                                        number(1)
                                                .setFlags(
                                                        DataPointFlags
                                                                .DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE))));

        assertThat(points).isEmpty();
        assertThat(stats.skipped()).isEqualTo(1);
        assertThat(stats.rejected()).isZero();
    }

    @Test
    void rejectsWholeMetricWithEmptyName() {
        DecodeStats stats = decode(request(resource("s", "h"), gauge("", number(1), number(2))));

        assertThat(stats.rejected()).isEqualTo(2);
        assertThat(stats.errorMessage()).contains("metric name is empty");
    }

    @Test
    void rejectsOverlongLabelValues() {
        String longValue = "x".repeat(OtlpAttributes.MAX_VALUE_LENGTH + 1);
        DecodeStats stats =
                decode(
                        request(
                                resource("s", "h"),
                                gauge("cpu", number(1).addAttributes(attr("k", longValue)))));

        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.errorMessage()).contains("attribute 'k' is longer than 4096 characters");
    }
}
