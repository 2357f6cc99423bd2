package io.aimonitor.api.rum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.kafka.KafkaTopics;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.api.support.TestKafka;
import io.aimonitor.schemas.rum.VitalSample;
import io.aimonitor.schemas.rum.VitalSamples;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Web Vitals in (validated, scored, to Kafka, with the key in the URL) and p75 per page out. */
class RumITCase {
    private static TestKafka kafka;
    private static TelemetryStore store;
    private static TestApi api;
    private static String ingestKey;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start();
        KafkaTopics.ensureMetricsTopic(kafka.bootstrapServers(), "rum", 1, 1 << 20);
        store = TestStores.migratedStore("rum");
        api = new TestApi(kafka.bootstrapServers(), store);
        ingestKey = api.components.apiKeys.create("browser", Role.INGEST, "test").secret();
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
        kafka.close();
    }

    @Test
    void aBeaconWithTheKeyInTheUrlIsScoredAndQueued() throws Exception {
        String report =
                """
                {"app": "shop-web", "page": "https://shop.example.com/orders/123?utm=x#top",
                 "browser": "Chrome 131", "session": "s-1", "navigation_type": "navigate",
                 "metrics": [{"name": "LCP", "value": 2500}, {"name": "cls", "value": 0.26},
                             {"name": "INP", "value": 350, "id": "v4-1", "rating": "good"}]}
                """;
        HttpResponse<String> r = beacon("/v1/rum?api_key=" + ingestKey, report);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(TestApi.json(r.body()).path("accepted").asInt()).isEqualTo(3);

        List<VitalSample> queued = consume(3);
        assertThat(queued)
                .extracting(s -> s.metric() + " " + s.value() + " " + s.rating())
                .containsExactly("LCP 2500.0 good", "CLS 0.26 poor", "INP 350.0 needs-improvement");
        assertThat(queued.get(0).page()).isEqualTo("/orders/:id");
        assertThat(queued.get(0).app()).isEqualTo("shop-web");
        assertThat(queued.get(0).timestampMs())
                .isCloseTo(System.currentTimeMillis(), within(60_000L));

        assertThat(beacon("/v1/rum", report).statusCode()).as("no key").isEqualTo(401);
        assertThat(beacon("/v1/rum?api_key=wrong", report).statusCode()).isEqualTo(401);
    }

    @Test
    void aRumKeyIsSafeInAPageAndBrowsersMayPreflight() throws Exception {
        String rumKey = api.components.apiKeys.create("page", Role.RUM, "test").secret();
        String report = "{\"page\": \"/\", \"metrics\": [{\"name\": \"LCP\", \"value\": 900}]}";
        assertThat(beacon("/v1/rum?api_key=" + rumKey, report).statusCode()).isEqualTo(202);
        assertThat(
                        HTTP.send(
                                        HttpRequest.newBuilder(api.uri("/v1/traces"))
                                                .header("Authorization", "Bearer " + rumKey)
                                                .header("Content-Type", "application/json")
                                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                .as("a key every visitor can read posts nothing but Web Vitals")
                .isEqualTo(403);

        HttpResponse<String> preflight =
                HTTP.send(
                        HttpRequest.newBuilder(api.uri("/v1/rum"))
                                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                .header("Origin", "https://shop.example.com")
                                .header("Access-Control-Request-Method", "POST")
                                .header("Access-Control-Request-Headers", "content-type")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("Content-Type");
        assertThat(
                        beacon("/v1/rum?api_key=wrong", report)
                                .headers()
                                .firstValue("Access-Control-Allow-Origin"))
                .as("a refusal the page can read")
                .contains("*");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"metrics\": [{\"name\": \"LCP\", \"value\": 1}]}|page",
                "{\"page\": \"/\", \"metrics\": []}|metrics",
                "{\"page\": \"/\", \"metrics\": [{\"name\": \"LOL\", \"value\": 1}]}|metrics[0].name",
                "{\"page\": \"/\", \"metrics\": [{\"name\": \"LCP\", \"value\": -1}]}|metrics[0].value",
                "{\"page\": \"/\", \"metrics\": [{\"name\": \"CLS\", \"value\": \"0.1\"}]}|metrics[0].value",
                "{\"page\": \"/\", \"timestamp_ms\": 1, \"metrics\": [{\"name\": \"LCP\", \"value\": 1}]}|timestamp_ms",
                "{\"page\": \"/\", \"app\": \"a b\", \"metrics\": [{\"name\": \"LCP\", \"value\": 1}]}|app",
                "[{\"page\": \"/\", \"metrics\": [{\"name\": \"LCP\", \"value\": 1}]}, 5]|[1].report"
            })
    void badReportsNameTheField(String body, String field) throws Exception {
        HttpResponse<String> r = beacon("/v1/rum?api_key=" + ingestKey, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(TestApi.json(r.body()).path("error").path("details").path("parameter").asText())
                .isEqualTo(field);
    }

    @Test
    void malformedJsonIsA400() throws Exception {
        HttpResponse<String> r = beacon("/v1/rum?api_key=" + ingestKey, "{\"page\": ");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("malformed JSON");
    }

    @Test
    void pagesShowP75AndRatingCounts() throws Exception {
        // checkout LCP: 20 views, p75 around 3000 ms (needs improvement); home LCP all good
        StringBuilder values = new StringBuilder();
        long now = System.currentTimeMillis();
        for (int i = 1; i <= 20; i++) {
            double lcp = i * 200; // 200..4000
            String rating = lcp > 4000 ? "poor" : lcp > 2500 ? "needs-improvement" : "good";
            values.append(values.length() == 0 ? "" : ",")
                    .append(
                            String.format(
                                    "(fromUnixTimestamp64Milli(%d), 'shop-web', '/checkout', 'LCP', %s, '%s', 'Chrome', 's', 'navigate')",
                                    now - 60_000, lcp, rating));
        }
        values.append(
                String.format(
                        ",(fromUnixTimestamp64Milli(%d), 'shop-web', '/', 'LCP', 900, 'good', 'Firefox', 's', 'navigate')",
                        now - 60_000));
        store.execute("INSERT INTO " + store.database() + ".web_vitals VALUES " + values);

        JsonNode pages =
                TestApi.json(api.get("/api/v1/rum/pages?app=shop-web").body()).path("pages");
        assertThat(pages)
                .extracting(p -> p.path("page").asText())
                .containsExactly("/checkout", "/");
        JsonNode lcp = pages.get(0).path("metrics").path("LCP");
        assertThat(lcp.path("p75").asDouble()).isCloseTo(3100, within(200.0));
        assertThat(lcp.path("rating").asText()).isEqualTo("needs-improvement");
        assertThat(lcp.path("count").asLong()).isEqualTo(20);
        assertThat(lcp.path("good").asLong()).isEqualTo(12);
        assertThat(lcp.path("needs_improvement").asLong()).isEqualTo(8);
        assertThat(lcp.path("poor").asLong()).isZero();
        assertThat(pages.get(1).path("metrics").path("LCP").path("rating").asText())
                .isEqualTo("good");

        assertThat(api.get("/api/v1/rum/pages?metric=XYZ").statusCode()).isEqualTo(400);
        assertThat(TestApi.json(api.get("/api/v1/rum/pages?metric=cls").body()).path("pages"))
                .isEmpty();
    }

    private static HttpResponse<String> beacon(String path, String body) throws Exception {
        // what navigator.sendBeacon sends for a string: text/plain, no headers of its own
        return HTTP.send(
                HttpRequest.newBuilder(api.uri(path))
                        .header("Content-Type", "text/plain;charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<VitalSample> consume(int expected) throws Exception {
        List<VitalSample> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (out.size() < expected && System.currentTimeMillis() < deadline) {
            out.clear();
            for (var r : kafka.readAllBytes("rum")) {
                out.addAll(VitalSamples.decode(r.value()));
            }
        }
        return out;
    }
}
