package io.aimonitor.api.apm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.schemas.traces.DurationSketch;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The APM views over what the traces job writes: RED summed over windows with percentiles from the
 * merged sketches, late corrections (higher versions) replacing earlier rows, the service map,
 * error groups, slow spans and trace summaries.
 */
class ApmApiITCase {
    private static final long MINUTE = 60_000;
    private static final long NOW_MS = System.currentTimeMillis() / MINUTE * MINUTE;
    private static final long MS = 1_000_000;
    private static TelemetryStore store;
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        store = TestStores.migratedStore("apm_api");
        api = new TestApi("127.0.0.1:1", store);
        // frontend: 10 calls of 100 ms five minutes ago; 10 of 300 ms (2 failed) two minutes ago,
        // first emitted on time with 9 calls and then corrected by a late span (version 2)
        red("service", "frontend", "", "", NOW_MS - 5 * MINUTE, 10, 0, 100, 1, "t-slow-1", "");
        red("service", "frontend", "", "", NOW_MS - 2 * MINUTE, 9, 2, 300, 1, "t-slow-2", "t-err");
        red("service", "frontend", "", "", NOW_MS - 2 * MINUTE, 10, 2, 300, 2, "t-slow-2", "t-err");
        red(
                "operation",
                "frontend",
                "GET /cart",
                "",
                NOW_MS - 2 * MINUTE,
                10,
                2,
                300,
                1,
                "t",
                "t-err");
        red("operation", "frontend", "GET /home", "", NOW_MS - 5 * MINUTE, 10, 0, 100, 1, "t", "");
        red("edge", "frontend", "", "checkout", NOW_MS - 2 * MINUTE, 5, 1, 250, 1, "t", "t-err");
        red("edge", "checkout", "", "postgresql", NOW_MS - 2 * MINUTE, 4, 0, 20, 1, "t", "");
        // two hours ago: outside the default range
        red("service", "frontend", "", "", NOW_MS - 120 * MINUTE, 1000, 0, 5, 1, "t-old", "");

        store.execute(
                "INSERT INTO "
                        + store.database()
                        + ".apm_error_groups VALUES"
                        + " ('f1', 'checkout', 'SELECT cart', 'SQLException', 'timeout after ? ms', "
                        + ms(NOW_MS - 3 * MINUTE)
                        + ", 3, 'trace-a', 1),"
                        + " ('f1', 'checkout', 'SELECT cart', 'SQLException', 'timeout after ? ms', "
                        + ms(NOW_MS - 2 * MINUTE)
                        + ", 1, 'trace-b', 1),"
                        + " ('f1', 'checkout', 'SELECT cart', 'SQLException', 'timeout after ? ms', "
                        + ms(NOW_MS - 2 * MINUTE)
                        + ", 2, 'trace-c', 2)");
        store.execute(
                "INSERT INTO "
                        + store.database()
                        + ".slow_spans VALUES ('trace-s', 'span-1',"
                        + " 'inventory', 'GET /stock', "
                        + ms(NOW_MS - MINUTE)
                        + ", 200000000,"
                        + " 12000000, 9.5)");
        store.execute(
                "INSERT INTO "
                        + store.database()
                        + ".trace_summaries VALUES"
                        + " ('trace-1', 'frontend', 'GET /cart', "
                        + ms(NOW_MS - MINUTE)
                        + ", 300000000, 5, 0, ['checkout','frontend'], 5),"
                        + " ('trace-2', 'frontend', 'GET /home', "
                        + ms(NOW_MS - 2 * MINUTE)
                        + ", 20000000, 1, 1, ['frontend'], 1),"
                        + " ('trace-2', 'frontend', 'GET /home', "
                        + ms(NOW_MS - 2 * MINUTE)
                        + ", 20000000, 2, 1, ['frontend','inventory'], 2)");
    }

    private static void red(
            String scope,
            String service,
            String operation,
            String peer,
            long ts,
            int calls,
            int errors,
            long durationMs,
            int version,
            String slowTrace,
            String errorTrace) {
        DurationSketch sketch = new DurationSketch();
        StringJoiner map = new StringJoiner(",", "{", "}");
        for (int i = 0; i < calls; i++) {
            sketch.add(durationMs * MS);
        }
        long[] idx = sketch.bucketIndexes();
        for (int i = 0; i < idx.length; i++) {
            map.add(idx[i] + ":" + sketch.bucketCounts()[i]);
        }
        store.execute(
                "INSERT INTO "
                        + store.database()
                        + ".apm_red VALUES ('"
                        + scope
                        + "', '"
                        + service
                        + "', '"
                        + operation
                        + "', '"
                        + peer
                        + "', "
                        + ms(ts)
                        + ", 60000, "
                        + calls
                        + ", "
                        + errors
                        + ", "
                        + calls * durationMs * MS
                        + ", 0, 0, 0, "
                        + map
                        + ", '"
                        + slowTrace
                        + "', "
                        + durationMs * MS
                        + ", '"
                        + errorTrace
                        + "', "
                        + version
                        + ")");
    }

    private static String ms(long epochMs) {
        return "fromUnixTimestamp64Milli(" + epochMs + ")";
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
    }

    @Test
    void servicesSumWindowsAndMergeSketches() throws Exception {
        JsonNode services = get("/api/v1/apm/services").path("services");
        assertThat(services).hasSize(1);
        JsonNode frontend = services.get(0);
        assertThat(frontend.path("service").asText()).isEqualTo("frontend");
        assertThat(frontend.path("calls").asLong()).as("late correction wins").isEqualTo(20);
        assertThat(frontend.path("errors").asLong()).isEqualTo(2);
        assertThat(frontend.path("error_rate").asDouble()).isEqualTo(0.1);
        assertThat(frontend.path("rate_per_s").asDouble()).isCloseTo(20 / 3600.0, within(1e-4));
        assertThat(frontend.path("p50_ms").asDouble()).isCloseTo(100, within(1.0));
        assertThat(frontend.path("p99_ms").asDouble()).isCloseTo(300, within(3.0));
        assertThat(frontend.path("slowest_trace_id").asText()).isEqualTo("t-slow-2");
        assertThat(frontend.path("failed_trace_id").asText()).isEqualTo("t-err");

        JsonNode older = get("/api/v1/apm/services?from=now-3h&to=now-90m").path("services").get(0);
        assertThat(older.path("calls").asLong()).isEqualTo(1000);
    }

    @Test
    void operationsOfAService() throws Exception {
        JsonNode ops = get("/api/v1/apm/services/frontend/operations").path("operations");
        assertThat(ops)
                .extracting(o -> o.path("operation").asText() + "=" + o.path("calls").asLong())
                .containsExactlyInAnyOrder("GET /cart=10", "GET /home=10");
        assertThat(get("/api/v1/apm/services/nobody/operations").path("operations")).isEmpty();
    }

    @Test
    void serviceMapWithDatabaseNodes() throws Exception {
        JsonNode map = get("/api/v1/apm/service-map");
        assertThat(map.path("nodes"))
                .extracting(JsonNode::asText)
                .containsExactly("checkout", "frontend", "postgresql");
        JsonNode edge = map.path("edges").get(0);
        assertThat(edge.path("caller").asText()).isEqualTo("frontend");
        assertThat(edge.path("callee").asText()).isEqualTo("checkout");
        assertThat(edge.path("calls").asLong()).isEqualTo(5);
        assertThat(edge.path("errors").asLong()).isEqualTo(1);
        assertThat(edge.path("p95_ms").asDouble()).isCloseTo(250, within(2.5));
    }

    @Test
    void errorGroupsSlowSpansAndTraceSummaries() throws Exception {
        JsonNode group = get("/api/v1/apm/errors").path("error_groups").get(0);
        assertThat(group.path("type").asText()).isEqualTo("SQLException");
        assertThat(group.path("message").asText()).isEqualTo("timeout after ? ms");
        assertThat(group.path("occurrences").asLong()).isEqualTo(5);
        assertThat(group.path("example_trace_id").asText()).isEqualTo("trace-c");
        assertThat(get("/api/v1/apm/errors?service=frontend").path("error_groups")).isEmpty();

        JsonNode slow = get("/api/v1/apm/slow-spans?service=inventory").path("slow_spans").get(0);
        assertThat(slow.path("trace_id").asText()).isEqualTo("trace-s");
        assertThat(slow.path("duration_ms").asDouble()).isEqualTo(200.0);
        assertThat(slow.path("baseline_ms").asDouble()).isEqualTo(12.0);

        JsonNode slowest = get("/api/v1/apm/traces").path("traces");
        assertThat(slowest)
                .extracting(t -> t.path("trace_id").asText())
                .containsExactly("trace-1", "trace-2");
        JsonNode failed = get("/api/v1/apm/traces?failed=true&service=inventory").path("traces");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("span_count").asInt()).as("newest summary").isEqualTo(2);
        assertThat(
                        api.request("GET", "/api/v1/apm/traces?order=size", null, api.adminToken)
                                .statusCode())
                .isEqualTo(400);
    }

    @Test
    void aLateFragmentOnTheNextDayDoesNotShowAsASecondTrace() throws Exception {
        // yesterday's: outside the other tests' last hour
        long midnight = NOW_MS / 86_400_000L * 86_400_000L - 86_400_000L;
        store.execute(
                "INSERT INTO "
                        + store.database()
                        + ".trace_summaries VALUES"
                        + " ('trace-m', 'frontend', 'GET /cart', "
                        + ms(midnight - 10_000)
                        + ", 30000000000, 40, 0, ['checkout','frontend'], 40),"
                        + " ('trace-m', 'checkout', 'consume', "
                        + ms(midnight + 10_000)
                        + ", 1000000, 3, 0, ['checkout'], 0)");
        JsonNode traces =
                get("/api/v1/apm/traces?order=start&from="
                                + (midnight - 60_000) / 1000
                                + "&to="
                                + (midnight + 60_000) / 1000)
                        .path("traces");
        assertThat(traces).hasSize(1);
        assertThat(traces.get(0).path("span_count").asInt()).isEqualTo(40);
    }

    private static JsonNode get(String path) throws Exception {
        var r = api.request("GET", path, null, api.adminToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestApi.json(r.body());
    }
}
