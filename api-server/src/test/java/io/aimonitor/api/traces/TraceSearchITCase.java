package io.aimonitor.api.traces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trace search and the trace view over stored spans. */
class TraceSearchITCase {
    private static final long NOW_MS = System.currentTimeMillis();
    private static TelemetryStore store;
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        store = TestStores.migratedStore("tracesearch");
        api = new TestApi("127.0.0.1:1", store);
        // trace a: frontend GET /cart (300 ms) -> checkout SELECT cart (error); trace b: frontend
        // GET /home (20 ms); trace c: an hour and a half ago
        insert(
                "aa000000000000000000000000000001",
                "0000000000000001",
                "",
                "frontend",
                "GET /cart",
                "server",
                NOW_MS - 60_000,
                300,
                "unset",
                "{'http.route':'/cart','user.tier':'gold'}");
        insert(
                "aa000000000000000000000000000001",
                "0000000000000002",
                "0000000000000001",
                "checkout",
                "SELECT cart",
                "client",
                NOW_MS - 59_990,
                250,
                "error",
                "{}");
        insert(
                "bb000000000000000000000000000002",
                "0000000000000003",
                "",
                "frontend",
                "GET /home",
                "server",
                NOW_MS - 30_000,
                20,
                "ok",
                "{'http.route':'/home'}");
        insert(
                "cc000000000000000000000000000003",
                "0000000000000004",
                "",
                "frontend",
                "GET /cart",
                "server",
                NOW_MS - 90 * 60_000,
                500,
                "unset",
                "{}");
    }

    private static void insert(
            String trace,
            String span,
            String parent,
            String service,
            String op,
            String kind,
            long startMs,
            long durationMs,
            String status,
            String attributes) {
        store.execute(
                "INSERT INTO "
                        + store.database()
                        + ".spans (trace_id, span_id, parent_span_id, service, operation, kind, start, duration_ns,"
                        + " status_code, status_message, attributes, resource, events, exception_type, exception_message) VALUES ('"
                        + trace
                        + "','"
                        + span
                        + "','"
                        + parent
                        + "','"
                        + service
                        + "','"
                        + op
                        + "','"
                        + kind
                        + "', fromUnixTimestamp64Milli("
                        + startMs
                        + "),"
                        + durationMs * 1_000_000
                        + ",'"
                        + status
                        + "','"
                        + (status.equals("error") ? "timeout after 250 ms on conn 12" : "")
                        + "', "
                        + attributes
                        + ", {'service.name':'"
                        + service
                        + "'}, '', '', '')");
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
    }

    @Test
    void searchesByServiceOperationDurationStatusAndAttributes() throws Exception {
        assertThat(ids("/api/v1/traces?service=frontend"))
                .containsExactly(
                        "bb000000000000000000000000000002", "aa000000000000000000000000000001");
        assertThat(ids("/api/v1/traces?service=frontend&from=now-2h")).hasSize(3);
        assertThat(ids("/api/v1/traces?operation=GET%20/cart"))
                .containsExactly("aa000000000000000000000000000001");
        assertThat(ids("/api/v1/traces?min_duration=100ms"))
                .containsExactly("aa000000000000000000000000000001");
        assertThat(ids("/api/v1/traces?max_duration=50ms"))
                .containsExactly("bb000000000000000000000000000002");
        assertThat(ids("/api/v1/traces?status=error"))
                .containsExactly("aa000000000000000000000000000001");
        assertThat(ids("/api/v1/traces?attr%5Buser.tier%5D=gold"))
                .containsExactly("aa000000000000000000000000000001");
        assertThat(ids("/api/v1/traces?attr%5Buser.tier%5D=silver")).isEmpty();

        JsonNode a = get("/api/v1/traces?status=error").path("traces").get(0);
        assertThat(a.path("root_service").asText()).isEqualTo("frontend");
        assertThat(a.path("root_operation").asText()).isEqualTo("GET /cart");
        assertThat(a.path("span_count").asInt()).isEqualTo(2);
        assertThat(a.path("error_count").asInt()).isEqualTo(1);
        assertThat(a.path("duration_ms").asDouble()).isEqualTo(300.0);
        assertThat(a.path("services"))
                .extracting(JsonNode::asText)
                .containsExactly("checkout", "frontend");

        assertThat(
                        api.request("GET", "/api/v1/traces?status=broken", null, api.adminToken)
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        api.request(
                                        "GET",
                                        "/api/v1/traces?from=now&to=now-1h",
                                        null,
                                        api.adminToken)
                                .statusCode())
                .isEqualTo(400);
    }

    @Test
    void showsOneTraceAsATree() throws Exception {
        JsonNode trace = get("/api/v1/traces/aa000000000000000000000000000001");
        assertThat(trace.path("span_count").asInt()).isEqualTo(2);
        assertThat(trace.path("roots")).hasSize(1);
        JsonNode child = trace.path("roots").get(0).path("children").get(0);
        assertThat(child.path("operation").asText()).isEqualTo("SELECT cart");
        assertThat(child.path("offset_ms").asDouble()).isEqualTo(10.0);
    }

    private static java.util.List<String> ids(String path) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        get(path).path("traces").forEach(t -> out.add(t.path("trace_id").asText()));
        return out;
    }

    private static JsonNode get(String path) throws Exception {
        var r = api.request("GET", path, null, api.adminToken);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestApi.json(r.body());
    }
}
