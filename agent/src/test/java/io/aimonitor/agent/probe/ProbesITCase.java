package io.aimonitor.agent.probe;

import static io.aimonitor.agent.collect.Samples.find;
import static io.aimonitor.agent.collect.Samples.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.aimonitor.agent.collect.Sample;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Each probe against the real server on this machine (PostgreSQL, MariaDB, Redis) and a real HTTP
 * exporter; a target that is down reports {@code up = 0} instead of failing the agent.
 */
class ProbesITCase {
    @Test
    void postgresql() throws Exception {
        try (Probe probe =
                new Probe(
                        "postgresql",
                        "local",
                        new PostgresTarget(
                                "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", ""))) {
            List<Sample> first = probe.collect();
            assertThat(value(first, "aimonitor.probe.up")).contains(1.0);
            assertThat(find(first, "postgresql.connection.count", Map.of("state", "active")))
                    .isPresent();
            assertThat(
                            find(
                                    first,
                                    "postgresql.db_size",
                                    Map.of("postgresql.database.name", "postgres")))
                    .hasValueSatisfying(s -> assertThat(s.value()).isGreaterThan(1_000_000));
            Sample commits =
                    find(
                                    first,
                                    "postgresql.commits",
                                    Map.of("postgresql.database.name", "postgres"))
                            .orElseThrow();
            assertThat(commits.kind()).isEqualTo(Sample.Kind.COUNTER);
            assertThat(commits.attributes())
                    .containsEntry("probe.type", "postgresql")
                    .containsEntry("probe.target", "local");
            try (Connection c =
                            DriverManager.getConnection(
                                    "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                    Statement st = c.createStatement()) {
                for (int i = 0; i < 20; i++) {
                    st.execute("SELECT 1");
                }
            }
            List<Sample> second = probe.collect();
            assertThat(
                            find(
                                    second,
                                    "postgresql.commits.rate",
                                    Map.of("postgresql.database.name", "postgres")))
                    .hasValueSatisfying(s -> assertThat(s.value()).isPositive());
            assertThat(
                            find(
                                    second,
                                    "postgresql.cache.hit_ratio",
                                    Map.of("postgresql.database.name", "postgres")))
                    .hasValueSatisfying(s -> assertThat(s.value()).isBetween(0.0, 1.0));
        }
    }

    @Test
    void mariadb() throws Exception {
        try (Probe probe =
                new Probe(
                        "mysql",
                        "local",
                        new MySqlTarget("jdbc:mariadb://127.0.0.1:3306/", "root", ""))) {
            List<Sample> first = probe.collect();
            assertThat(value(first, "aimonitor.probe.up")).contains(1.0);
            assertThat(find(first, "mysql.threads", Map.of("kind", "connected")))
                    .hasValueSatisfying(s -> assertThat(s.value()).isGreaterThanOrEqualTo(1));
            assertThat(value(first, "mysql.connection.limit"))
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
            assertThat(find(first, "mysql.buffer_pool.pages", Map.of("kind", "total"))).isPresent();
            assertThat(value(first, "mysql.slow_queries")).isPresent();
            Thread.sleep(200);
            List<Sample> second = probe.collect();
            assertThat(value(second, "mysql.queries.rate"))
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
        }
    }

    @Test
    void redis() throws Exception {
        try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
            jedis.set("aimonitor-agent-probe", "1");
            jedis.get("aimonitor-agent-probe");
        }
        try (Probe probe =
                new Probe("redis", "local", new RedisTarget("redis://127.0.0.1:6379", ""))) {
            List<Sample> s = probe.collect();
            assertThat(value(s, "aimonitor.probe.up")).contains(1.0);
            assertThat(value(s, "redis.clients.connected"))
                    .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
            assertThat(value(s, "redis.memory.used"))
                    .hasValueSatisfying(v -> assertThat(v).isPositive());
            assertThat(value(s, "redis.keyspace.hit_ratio"))
                    .hasValueSatisfying(v -> assertThat(v).isBetween(0.0, 1.0));
            assertThat(find(s, "redis.db.keys", Map.of("db", "0")))
                    .hasValueSatisfying(k -> assertThat(k.value()).isPositive());
        }
    }

    @Test
    void prometheusEndpoint() throws Exception {
        HttpServer exporter = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        exporter.createContext(
                "/metrics",
                ex -> {
                    byte[] body =
                            ("# TYPE http_requests_total counter\n"
                                            + "http_requests_total{code=\"200\"} 1027\n"
                                            + "# TYPE temperature gauge\ntemperature 21.5\n")
                                    .getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                    ex.close();
                });
        exporter.start();
        try (Probe probe =
                new Probe(
                        "prometheus",
                        "exporter",
                        new PrometheusTarget(
                                "http://127.0.0.1:"
                                        + exporter.getAddress().getPort()
                                        + "/metrics"))) {
            List<Sample> s = probe.collect();
            assertThat(find(s, "http_requests", Map.of("code", "200")))
                    .hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(1027));
            assertThat(value(s, "temperature")).contains(21.5);
        } finally {
            exporter.stop(0);
        }
    }

    @Test
    void anUnreachableTargetIsDownNotAFailure() {
        try (Probe pg =
                        new Probe(
                                "postgresql",
                                "gone",
                                new PostgresTarget(
                                        "jdbc:postgresql://127.0.0.1:1/postgres",
                                        "postgres",
                                        "secret-pw"));
                Probe redis =
                        new Probe("redis", "gone", new RedisTarget("redis://127.0.0.1:1", ""));
                Probe mysql =
                        new Probe(
                                "mysql",
                                "gone",
                                new MySqlTarget("jdbc:mariadb://127.0.0.1:1/", "root", ""))) {
            for (Probe p : List.of(pg, redis, mysql)) {
                List<Sample> s = p.collect();
                assertThat(value(s, "aimonitor.probe.up")).contains(0.0);
                assertThat(value(s, "aimonitor.probe.scrape.duration")).isPresent();
                assertThat(s).hasSize(2);
            }
        }
    }
}
