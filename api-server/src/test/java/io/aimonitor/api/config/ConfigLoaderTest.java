package io.aimonitor.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path dir;

    private AimonitorConfig load(Map<String, String> env, String... args) {
        return ConfigLoader.load(args, env, dir);
    }

    @Test
    void bindsTheDocumentedDefaults() {
        AimonitorConfig c = load(Map.of());

        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.server().maxRequestBytes()).isEqualTo(16L << 20);
        assertThat(c.kafka().embedded()).isTrue();
        assertThat(c.kafka().metricsTopic()).isEqualTo("otlp_metrics");
        assertThat(c.kafka().ingestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.clickhouse().engine()).isEqualTo("chdb");
        assertThat(c.flink().checkpointInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void fileThenEnvironmentThenFlagsWin() throws Exception {
        Files.writeString(
                dir.resolve("aimonitor.yaml"),
                "server:\n  port: 9000\n  host: 127.0.0.1\nkafka:\n  topics:\n    partitions: 8\n");

        AimonitorConfig fromFile = load(Map.of());
        AimonitorConfig fromEnv = load(Map.of("AIMONITOR_SERVER_PORT", "9100"));
        AimonitorConfig fromFlag =
                load(Map.of("AIMONITOR_SERVER_PORT", "9100"), "--server.port=9200");

        assertThat(fromFile.server().port()).isEqualTo(9000);
        assertThat(fromFile.server().host()).isEqualTo("127.0.0.1");
        assertThat(fromFile.kafka().partitions()).isEqualTo(8);
        assertThat(fromEnv.server().port()).isEqualTo(9100);
        assertThat(fromFlag.server().port()).isEqualTo(9200);
    }

    @Test
    void theExampleFileInTheRepositoryIsValid() {
        String[] args = {
            "--config=" + Path.of("..", "aimonitor.example.yaml").toAbsolutePath().normalize()
        };
        Map<String, String> secrets =
                Map.of(
                        "AIMONITOR_JWT_SECRET",
                        "0123456789abcdef0123456789abcdef",
                        "AIMONITOR_AI_API_KEY",
                        "sk-test");

        AimonitorConfig c = ConfigLoader.load(args, secrets, dir);

        assertThat(c.database().type()).isEqualTo("postgresql");
        assertThat(c.redis().configured()).isTrue();
        assertThat(c.clickhouse().engine()).isEqualTo("clickhouse");
        assertThat(c.logging().format()).isEqualTo("json");
        assertThat(ConfigLoader.describe(args, secrets, dir))
                .contains("redis.url")
                .doesNotContain("sk-test", "0123456789abcdef");
    }

    @Test
    void envNamesFollowTheKeys() {
        assertThat(ConfigLoader.envName("kafka.bootstrap-servers"))
                .isEqualTo("AIMONITOR_KAFKA_BOOTSTRAP_SERVERS");
        AimonitorConfig c = load(Map.of("AIMONITOR_KAFKA_BOOTSTRAP_SERVERS", "k1:9092"));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("k1:9092");
    }

    @Test
    void rejectsAnUnknownKeyNamingItAndTheLikelyOne() throws Exception {
        Files.writeString(dir.resolve("aimonitor.yaml"), "server:\n  prot: 9000\n");

        assertThatThrownBy(() -> load(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'server.prot'")
                .hasMessageContaining("did you mean server.port?");
    }

    @Test
    void rejectsAnUnknownEnvironmentVariableOrFlag() {
        assertThatThrownBy(() -> load(Map.of("AIMONITOR_SERVER_PROT", "1")))
                .hasMessageContaining("AIMONITOR_SERVER_PROT is not a configuration key")
                .hasMessageContaining("AIMONITOR_SERVER_PORT");
        assertThatThrownBy(() -> load(Map.of(), "--kafka.bootstrap=x"))
                .hasMessageContaining("--kafka.bootstrap is not a configuration key");
    }

    @Test
    void rejectsBadValuesNamingTheKeyAndWhatIsAllowed() {
        assertThatThrownBy(() -> load(Map.of(), "--server.port=http"))
                .hasMessage("server.port: must be an integer from 0 to 65535, got 'http'");
        assertThatThrownBy(() -> load(Map.of(), "--clickhouse.engine=mysql"))
                .hasMessage("clickhouse.engine: must be one of chdb, clickhouse, got 'mysql'");
        assertThatThrownBy(() -> load(Map.of(), "--kafka.ingest-timeout=soon"))
                .hasMessageContaining("kafka.ingest-timeout: must be a duration");
        assertThatThrownBy(() -> load(Map.of(), "--server.max-request-size=lots"))
                .hasMessageContaining("server.max-request-size: must be a size");
        assertThatThrownBy(() -> load(Map.of(), "--clickhouse.database=a;drop"))
                .hasMessageContaining("clickhouse.database:");
    }

    @Test
    void reportsAMissingConfigFile() {
        assertThatThrownBy(() -> load(Map.of(), "--config", "nope.yaml"))
                .hasMessageContaining("nope.yaml does not exist");
    }

    @Test
    void describeMasksSecrets() {
        String described =
                ConfigLoader.describe(
                        new String[] {"--clickhouse.password=hunter2"}, Map.of(), dir);

        assertThat(described).contains("clickhouse.password=******").doesNotContain("hunter2");
        assertThat(described).contains("server.port=8080");
    }
}
