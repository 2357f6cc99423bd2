package io.aimonitor.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.api.support.StoreRows;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Known rows in the store; every aggregation, resolution and metric type through the HTTP API. */
class MetricQueryITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 =
            Instant.now().truncatedTo(ChronoUnit.HOURS).toEpochMilli() - 3_600_000L;
    private static TelemetryStore store;
    private static TestApi api;

    @BeforeAll
    static void loadKnownRows() throws Exception {
        store = TestStores.migratedStore("query");
        RowBinaryBuffer s = new RowBinaryBuffer(1024);
        sample(s, "cpu", 1, "a", 0, 1, 0);
        sample(s, "cpu", 1, "a", 20, 2, 0);
        sample(s, "cpu", 1, "a", 40, 3, 0);
        sample(s, "cpu", 1, "a", 60, 4, 0);
        sample(s, "cpu", 2, "b", 0, 10, 0);
        sample(s, "cpu", 2, "b", 60, 20, 0);
        sample(s, "reqs", 3, "a", 0, 100, 0);
        sample(s, "reqs", 3, "a", 30, 130, 30);
        sample(s, "reqs", 3, "a", 60, 190, 60);
        store.insertRowBinary(
                "samples",
                List.of("metric", "series_id", "ts", "value", "delta"),
                s.array(),
                s.size(),
                null);

        RowBinaryBuffer h = new RowBinaryBuffer(1024);
        histogram(h, 10, new long[] {1, 2, 1}, 10, 0.5, 7);
        histogram(h, 70, new long[] {0, 0, 4}, 40, 6, 9);
        store.insertRowBinary(
                "histograms",
                List.of(
                        "metric",
                        "series_id",
                        "ts",
                        "count",
                        "sum",
                        "min",
                        "max",
                        "bounds",
                        "counts"),
                h.array(),
                h.size(),
                null);

        StoreRows.series(store, "cpu", 1, Map.of("host", "a"), T0, T0 + 60_000);
        StoreRows.series(store, "cpu", 2, Map.of("host", "b"), T0, T0 + 60_000);
        StoreRows.series(store, "reqs", 3, Map.of("host", "a"), T0, T0 + 60_000);
        StoreRows.series(store, "lat", 9, Map.of("host", "a"), T0, T0 + 60_000);
        long now = System.currentTimeMillis();
        StoreRows.metadata(store, "cpu", "gauge", "1", false, now);
        StoreRows.metadata(store, "reqs", "sum", "{request}", true, now);
        StoreRows.metadata(store, "lat", "histogram", "ms", false, now);

        api = new TestApi("127.0.0.1:1", store);
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
    }

    private static void sample(
            RowBinaryBuffer b,
            String metric,
            long series,
            String host,
            int second,
            double value,
            double delta) {
        b.string(metric)
                .uint64(series)
                .dateTime64Millis(T0 + second * 1000L)
                .float64(value)
                .float64(delta)
                .endRow();
    }

    private static void histogram(
            RowBinaryBuffer b, int second, long[] counts, double sum, double min, double max) {
        long count = 0;
        for (long c : counts) {
            count += c;
        }
        b.string("lat")
                .uint64(9)
                .dateTime64Millis(T0 + second * 1000L)
                .uint64(count)
                .float64(sum)
                .float64(min)
                .float64(max)
                .float64Array(new double[] {1, 5})
                .uint64Array(counts)
                .endRow();
    }

    private static JsonNode query(String params) throws Exception {
        HttpResponse<String> r =
                api.get(
                        "/api/v1/query_range?from="
                                + (T0 / 1000)
                                + "&to="
                                + (T0 / 1000 + 120)
                                + "&"
                                + params);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<Double> values(JsonNode result, int series) {
        List<Double> out = new ArrayList<>();
        result.path("series")
                .get(series)
                .path("points")
                .forEach(p -> out.add(p.get(1).isNull() ? null : p.get(1).asDouble()));
        return out;
    }

    @Test
    void averagesGaugesFromTheMinuteRollupAcrossSeries() throws Exception {
        JsonNode r = query("metric=cpu&step=60&agg=avg");

        assertThat(r.path("source").asText()).isEqualTo("samples_1m");
        assertThat(r.path("type").asText()).isEqualTo("gauge");
        assertThat(values(r, 0)).containsExactly(4.0, 12.0);
        assertThat(r.path("series").get(0).path("points").get(0).get(0).asLong()).isEqualTo(T0);
    }

    @Test
    void usesRawSamplesForSubMinuteSteps() throws Exception {
        JsonNode r = query("metric=cpu&step=30s&agg=avg");

        assertThat(r.path("source").asText()).isEqualTo("samples");
        assertThat(values(r, 0)).hasSize(3);
        assertThat(values(r, 0).get(0)).isCloseTo(13.0 / 3, within(1e-9));
        assertThat(values(r, 0).subList(1, 3)).containsExactly(3.0, 12.0);
    }

    @Test
    void usesTheHourRollupForHourSteps() throws Exception {
        JsonNode r = query("metric=cpu&step=1h&agg=avg");

        assertThat(r.path("source").asText()).isEqualTo("samples_1h");
        assertThat(values(r, 0).get(0)).isCloseTo(40.0 / 6, within(1e-9));
    }

    @Test
    void sumsGaugeLevelsPerSeriesNotPerSample() throws Exception {
        assertThat(values(query("metric=cpu&step=60&agg=sum"), 0)).containsExactly(12.0, 24.0);
        assertThat(values(query("metric=cpu&step=30&agg=sum"), 0)).containsExactly(11.5, 3.0, 24.0);
    }

    @Test
    void groupsByLabelAndFiltersByMatchers() throws Exception {
        JsonNode grouped = query("metric=cpu&step=60&agg=max&group_by=host");
        assertThat(grouped.path("series")).hasSize(2);
        assertThat(grouped.path("series").get(0).path("labels").path("host").asText())
                .isEqualTo("a");
        assertThat(values(grouped, 0)).containsExactly(3.0, 4.0);
        assertThat(values(grouped, 1)).containsExactly(10.0, 20.0);

        assertThat(values(query("metric=cpu&step=60&agg=count&match[host]=a"), 0))
                .containsExactly(3.0, 1.0);
        assertThat(
                        values(
                                query(
                                        "metric=cpu&step=60&agg=min&"
                                                + enc("match_re[host]")
                                                + "="
                                                + enc("a|b")),
                                0))
                .containsExactly(1.0, 4.0);
        assertThat(
                        query("metric=cpu&step=60&" + enc("match_re[host]") + "=" + enc("a.+"))
                                .path("series"))
                .isEmpty();
    }

    @Test
    void countersGiveIncreasesAndRatesFromDeltas() throws Exception {
        assertThat(values(query("metric=reqs&step=60&agg=rate"), 0)).containsExactly(0.5, 1.0);
        assertThat(values(query("metric=reqs&step=60&agg=sum"), 0)).containsExactly(30.0, 60.0);
        assertThat(values(query("metric=reqs&step=30&agg=rate"), 0)).containsExactly(0.0, 1.0, 2.0);
    }

    @Test
    void histogramQuantilesInterpolateWithinBuckets() throws Exception {
        JsonNode minute = query("metric=lat&step=60&agg=p50");
        assertThat(minute.path("source").asText()).isEqualTo("histograms_1m");
        assertThat(values(minute, 0)).containsExactly(3.0, 7.5);
        assertThat(values(query("metric=lat&step=10&agg=p50"), 0)).containsExactly(3.0, 7.5);
        assertThat(values(query("metric=lat&step=60&agg=count"), 0)).containsExactly(4.0, 4.0);
        assertThat(values(query("metric=lat&step=60&agg=avg"), 0)).containsExactly(2.5, 10.0);
        assertThat(values(query("metric=lat&step=60&agg=max"), 0)).containsExactly(7.0, 9.0);
    }

    @Test
    void gaugeQuantilesComeFromDigests() throws Exception {
        assertThat(values(query("metric=cpu&step=60&agg=p99&match[host]=a"), 0).get(0))
                .isCloseTo(3.0, within(0.1));
    }

    @Test
    void refusesAggregationsThatDoNotFitTheMetricType() throws Exception {
        HttpResponse<String> rate = api.get("/api/v1/query_range?metric=cpu&agg=rate");
        HttpResponse<String> quantile = api.get("/api/v1/query_range?metric=reqs&agg=p95");

        assertThat(rate.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(rate.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("bad_parameter");
        assertThat(error.path("message").asText()).contains("rate needs a sum or histogram metric");
        assertThat(error.path("details").path("parameter").asText()).isEqualTo("agg");
        assertThat(quantile.statusCode()).isEqualTo(400);
    }

    @Test
    void anUnknownMetricHasNoSeries() throws Exception {
        assertThat(query("metric=nope&step=60").path("series")).isEmpty();
    }

    @Test
    void listsMetricsAndLabels() throws Exception {
        JsonNode metrics = JSON.readTree(api.get("/api/v1/metrics").body()).path("metrics");
        assertThat(metrics)
                .extracting(
                        m ->
                                m.path("name").asText()
                                        + ":"
                                        + m.path("type").asText()
                                        + ":"
                                        + m.path("unit").asText())
                .containsExactly("cpu:gauge:1", "lat:histogram:ms", "reqs:sum:{request}");
        JsonNode values =
                JSON.readTree(api.get("/api/v1/labels/host/values?from=" + (T0 / 1000)).body());
        assertThat(values.path("values")).extracting(JsonNode::asText).containsExactly("a", "b");
        JsonNode cpuValues =
                JSON.readTree(
                        api.get("/api/v1/labels/host/values?metric=lat&from=" + (T0 / 1000))
                                .body());
        assertThat(cpuValues.path("values")).extracting(JsonNode::asText).containsExactly("a");
        assertThat(JSON.readTree(api.get("/api/v1/labels?metric=cpu").body()).path("labels"))
                .extracting(JsonNode::asText)
                .containsExactly("host");
    }

    @Test
    void unknownRoutesAnswerTheJsonErrorShape() throws Exception {
        HttpResponse<String> r = api.get("/api/v1/nothing-here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("error").path("code").asText())
                .isEqualTo("not_found");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
