package io.aimonitor.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimonitor.agent.collect.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String EXPOSITION =
            """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000

            # Escaping in label values:
            msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

            # Minimalistic line:
            metric_without_timestamp_and_labels 12.47

            # A weird metric from before the epoch:
            something_weird{problem="division by zero"} +Inf -3982045

            # A histogram, which has a pretty complex representation in the text format:
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320

            # Finally a summary, which has a complex representation, too:
            # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.5"} 4773
            rpc_duration_seconds{quantile="0.99"} NaN
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            """;

    @Test
    void parsesThePrometheusDocumentationExample() {
        List<Sample> s = PrometheusText.parse(EXPOSITION);
        assertThat(s).hasSize(13);
        assertThat(s.get(0))
                .isEqualTo(
                        new Sample(
                                "http_requests",
                                "1",
                                Sample.Kind.COUNTER,
                                Map.of("method", "post", "code", "200"),
                                1027));
        assertThat(s.get(2).attributes())
                .containsEntry("path", "C:\\DIR\\FILE.TXT")
                .containsEntry("error", "Cannot find file:\n\"FILE.TXT\"");
        assertThat(s.get(2).value()).isEqualTo(1.458255915e9);
        assertThat(s.get(3))
                .isEqualTo(
                        new Sample(
                                "metric_without_timestamp_and_labels",
                                "1",
                                Sample.Kind.GAUGE,
                                Map.of(),
                                12.47));
        assertThat(s.get(4).value()).isInfinite();
        assertThat(s.get(5))
                .isEqualTo(
                        new Sample(
                                "http_request_duration_seconds_bucket",
                                "1",
                                Sample.Kind.COUNTER,
                                Map.of("le", "0.05"),
                                24054));
        assertThat(s.get(8).kind()).isEqualTo(Sample.Kind.COUNTER);
        assertThat(s.get(9))
                .isEqualTo(
                        new Sample(
                                "rpc_duration_seconds",
                                "1",
                                Sample.Kind.GAUGE,
                                Map.of("quantile", "0.5"),
                                4773));
        assertThat(s.get(10).value()).isNaN();
        assertThat(s.get(11).kind()).isEqualTo(Sample.Kind.COUNTER);
        assertThat(s.get(12))
                .isEqualTo(
                        new Sample(
                                "rpc_duration_seconds_count",
                                "1",
                                Sample.Kind.COUNTER,
                                Map.of(),
                                2693));
    }

    @Test
    void namesTheLineItCannotRead() {
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\nbroken{a=b} 2\n"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("value must be quoted");
    }
}
