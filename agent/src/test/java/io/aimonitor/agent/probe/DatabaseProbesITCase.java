package io.aimonitor.agent.probe;

import static io.aimonitor.agent.collect.Samples.find;
import static io.aimonitor.agent.collect.Samples.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aimonitor.agent.collect.Sample;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The MongoDB and ClickHouse probes. This machine runs neither server: MongoDB is tested where one
 * answers (else the test says it skipped and why); the ClickHouse probe's query runs on the real
 * ClickHouse engine (chDB, in-process) behind an endpoint speaking ClickHouse's HTTP interface, and
 * against a ClickHouse server where one answers.
 */
class DatabaseProbesITCase {
    private static final String MONGODB =
            System.getProperty("aimonitor.test.mongodb", "127.0.0.1:27017");
    private static final String CLICKHOUSE =
            System.getProperty("aimonitor.test.clickhouse", "127.0.0.1:8123");

    @Test
    void clickhouseQueryRunsOnTheRealEngine() throws Exception {
        try (TelemetryStore engine = TestStores.migratedStore("agentprobe")) {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", ex -> answer(ex, engine));
            http.start();
            try (Probe probe =
                    new Probe(
                            "clickhouse",
                            "engine",
                            new ClickHouseTarget(
                                    "http://127.0.0.1:" + http.getAddress().getPort(), "", ""))) {
                List<Sample> s = probe.collect();
                assertThat(value(s, "aimonitor.probe.up")).contains(1.0);
                assertThat(find(s, "clickhouse.event", Map.of("event", "Query")))
                        .hasValueSatisfying(e -> assertThat(e.value()).isPositive());
                assertThat(s).anyMatch(x -> x.name().equals("clickhouse.metric"));
                assertThat(s)
                        .as(
                                "chDB has no server-wide asynchronous metrics; the probe goes on without them")
                        .noneMatch(x -> x.name().equals("clickhouse.async_metric"));
            } finally {
                http.stop(0);
            }
        }
    }

    /** ClickHouse's HTTP interface: the query in {@code ?query=}, TabSeparated rows back. */
    private static void answer(HttpExchange ex, TelemetryStore engine) throws IOException {
        int status = 200;
        StringBuilder tsv = new StringBuilder();
        try {
            if (!"default".equals(ex.getRequestHeaders().getFirst("X-ClickHouse-User"))) {
                throw new IllegalStateException("Code: 516. DB::Exception: Authentication failed");
            }
            String query =
                    URLDecoder.decode(
                            ex.getRequestURI().getRawQuery().substring("query=".length()),
                            StandardCharsets.UTF_8);
            for (JsonNode row : engine.query(query.replace(" FORMAT TabSeparated", ""))) {
                for (Iterator<JsonNode> it = row.elements(); it.hasNext(); ) {
                    tsv.append(it.next().asText()).append(it.hasNext() ? "\t" : "\n");
                }
            }
        } catch (RuntimeException e) {
            status = 500;
            tsv.setLength(0);
            tsv.append(e.getMessage());
        }
        byte[] body = tsv.toString().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @Test
    void clickhouseServerWhereReachable() throws Exception {
        Assumptions.assumeTrue(
                reachable(CLICKHOUSE),
                "skipped: no ClickHouse server answers at "
                        + CLICKHOUSE
                        + " (set -Daimonitor.test.clickhouse=host:port to test one)");
        try (Probe probe =
                new Probe(
                        "clickhouse",
                        "server",
                        new ClickHouseTarget("http://" + CLICKHOUSE, "default", ""))) {
            assertThat(value(probe.collect(), "aimonitor.probe.up")).contains(1.0);
        }
    }

    @Test
    void mongodbWhereReachable() throws Exception {
        Assumptions.assumeTrue(
                reachable(MONGODB),
                "skipped: no MongoDB answers at "
                        + MONGODB
                        + " (set -Daimonitor.test.mongodb=host:port to test one)");
        try (Probe probe =
                new Probe("mongodb", "local", new MongoTarget("mongodb://" + MONGODB, "", ""))) {
            List<Sample> s = probe.collect();
            assertThat(value(s, "aimonitor.probe.up")).contains(1.0);
            assertThat(find(s, "mongodb.connection.count", Map.of("state", "current"))).isPresent();
            assertThat(find(s, "mongodb.operation.count", Map.of("operation", "query")))
                    .isPresent();
        }
    }

    @Test
    void anUnreachableMongodbIsDown() {
        try (Probe probe =
                new Probe("mongodb", "gone", new MongoTarget("mongodb://127.0.0.1:1", "", ""))) {
            assertThat(value(probe.collect(), "aimonitor.probe.up")).contains(0.0);
        }
    }

    private static boolean reachable(String hostPort) {
        URI uri = URI.create("tcp://" + hostPort);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
