package io.aimonitor.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aimonitor.api.http.ApiException;
import io.aimonitor.schemas.rules.LabelMatcher;
import io.aimonitor.schemas.rules.MatchOp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryRangeTest {
    private static final long NOW = 1_767_225_600_000L;

    private static QueryRange parse(String... pairs) {
        Map<String, List<String>> params = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], List.of(pairs[i + 1]));
        }
        return QueryRange.parse(params, NOW, 11_000);
    }

    @Test
    void parsesEveryParameter() {
        QueryRange q =
                parse(
                        "metric",
                        "cpu",
                        "from",
                        "now-1h",
                        "to",
                        "now",
                        "step",
                        "1m",
                        "agg",
                        "p95",
                        "group_by",
                        "host, region",
                        "match[env]",
                        "prod",
                        "match_re[host]",
                        "web-.*");

        assertThat(q.metric()).isEqualTo("cpu");
        assertThat(q.fromMs()).isEqualTo(NOW - 3_600_000);
        assertThat(q.stepMs()).isEqualTo(60_000);
        assertThat(q.agg()).isEqualTo(Aggregation.P95);
        assertThat(q.groupBy()).containsExactly("host", "region");
        assertThat(q.matchers()).contains(new LabelMatcher("env", MatchOp.EQ, "prod"));
        assertThat(q.matchers()).contains(new LabelMatcher("host", MatchOp.RE, "web-.*"));
    }

    @Test
    void acceptsUnixSecondsAndRfc3339() {
        QueryRange q =
                parse(
                        "metric",
                        "m",
                        "from",
                        "1767225000",
                        "to",
                        "2026-01-01T00:00:00Z",
                        "step",
                        "30");
        assertThat(q.fromMs()).isEqualTo(1_767_225_000_000L);
        assertThat(q.toMs()).isEqualTo(NOW);
    }

    @Test
    void defaultsToTheLastHourInAboutThreeHundredPoints() {
        QueryRange q = parse("metric", "m");
        assertThat(q.toMs()).isEqualTo(NOW);
        assertThat(q.stepMs()).isEqualTo(12_000);
        assertThat(q.agg()).isEqualTo(Aggregation.AVG);
    }

    @Test
    void rejectsBadParametersNamingThem() {
        assertBad(
                "agg",
                "agg must be one of avg, min, max, sum, count, rate, last, p50, p90, p95, p99, got 'median'",
                "metric",
                "m",
                "agg",
                "median");
        assertBad(
                "from",
                "from must not be later than to",
                "metric",
                "m",
                "from",
                "now",
                "to",
                "now-1h");
        assertBad("step", "more than 11000", "metric", "m", "from", "now-30d", "step", "1s");
        assertBad("metric", "metric is required");
        assertBad("step", "step must be a duration", "metric", "m", "step", "fast");
        assertBad("to", "to must be RFC 3339", "metric", "m", "to", "yesterday");
        assertBad(
                "match_re[host]",
                "not a valid regular expression",
                "metric",
                "m",
                "match_re[host]",
                "(");
        assertBad(
                "match_re[host]",
                "not a valid regular expression",
                "metric",
                "m",
                "match_re[host]",
                "web-(?!canary)\\d+"); // Java accepts a lookahead; ClickHouse's RE2 does not
    }

    private static void assertBad(String parameter, String message, String... pairs) {
        assertThatThrownBy(() -> parse(pairs))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.details()).containsEntry("parameter", parameter);
                        })
                .hasMessageContaining(message);
    }
}
