package io.aimonitor.schemas.otlp;

import static io.aimonitor.schemas.otlp.OtlpFixtures.attr;
import static io.aimonitor.schemas.otlp.OtlpFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OtlpSelectTest {
    private static Metric gauge(String name) {
        return Metric.newBuilder()
                .setName(name)
                .setUnit("1")
                .setGauge(
                        Gauge.newBuilder()
                                .addDataPoints(
                                        NumberDataPoint.newBuilder()
                                                .setTimeUnixNano(OtlpFixtures.T0_NANOS)
                                                .setAsDouble(1)
                                                .addAttributes(attr("cpu", "0"))))
                .build();
    }

    private static ExportMetricsServiceRequest twoResources() {
        ExportMetricsServiceRequest a =
                OtlpFixtures.request(resource("shop", "web-1"), gauge("cpu"), gauge("mem"));
        ExportMetricsServiceRequest b =
                OtlpFixtures.request(resource("shop", "web-2"), gauge("disk"), gauge("cpu"));
        return a.toBuilder()
                .addResourceMetrics(b.getResourceMetrics(0).toBuilder().setSchemaUrl("s"))
                .build();
    }

    @Test
    void keepsExactlyTheWantedMetricsWithTheirResourcesAndScopes() throws Exception {
        ExportMetricsServiceRequest full = twoResources();

        ExportMetricsServiceRequest cpu =
                OtlpSelect.select(full.toByteArray(), Set.of("cpu")::contains);

        assertThat(cpu.getResourceMetricsCount()).isEqualTo(2);
        for (ResourceMetrics rm : cpu.getResourceMetricsList()) {
            assertThat(rm.getScopeMetrics(0).getMetricsList())
                    .extracting(Metric::getName)
                    .containsExactly("cpu");
            assertThat(rm.getScopeMetrics(0).getScope().getName()).isEqualTo("test-scope");
        }
        assertThat(cpu.getResourceMetrics(1).getResource())
                .isEqualTo(full.getResourceMetrics(1).getResource());
        assertThat(cpu.getResourceMetrics(1).getSchemaUrl()).isEqualTo("s");
        assertThat(cpu.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0))
                .isEqualTo(full.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0));
    }

    @Test
    void wantingEverythingGivesTheSameRequestAndNothingAnEmptyOne() throws Exception {
        ExportMetricsServiceRequest full = twoResources();

        assertThat(OtlpSelect.select(full.toByteArray(), name -> true)).isEqualTo(full);
        assertThat(OtlpSelect.select(full.toByteArray(), name -> false).getResourceMetricsCount())
                .isZero();
    }

    @Test
    void aTruncatedRequestIsRejected() {
        byte[] bytes = twoResources().toByteArray();
        assertThatThrownBy(
                        () -> OtlpSelect.select(Arrays.copyOf(bytes, bytes.length - 7), n -> true))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }
}
