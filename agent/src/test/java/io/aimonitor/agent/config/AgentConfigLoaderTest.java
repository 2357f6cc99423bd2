package io.aimonitor.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {
    @TempDir Path dir;

    @Test
    void fileThenEnvironmentThenFlags() throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(
                file,
                """
                interval: 30s
                output:
                  url: https://aimonitor.example.com/v1/metrics
                probes:
                  postgresql:
                    - name: main
                      url: jdbc:postgresql://db:5432/postgres
                      user: monitor
                      password: ${PG_PASSWORD}
                """);
        AgentConfig c =
                AgentConfigLoader.load(
                        file,
                        Map.of("host.top-processes", "9"),
                        Map.of(
                                "AIMONITOR_AGENT_OUTPUT_API_KEY",
                                "key-123",
                                "PG_PASSWORD",
                                "s3cret"));
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.output().url()).isEqualTo("https://aimonitor.example.com/v1/metrics");
        assertThat(c.output().apiKey()).isEqualTo("key-123");
        assertThat(c.host().topProcesses()).isEqualTo(9);
        assertThat(c.probes().postgresql())
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.password()).isEqualTo("s3cret");
                            assertThat(t.toString()).doesNotContain("s3cret");
                        });
        assertThat(c.probes().redis()).isEmpty();
    }

    @Test
    void errorsNameTheKey() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "output:\n  urll: http://x\n");
        assertThatThrownBy(() -> AgentConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("output.urll");
        assertThatThrownBy(() -> AgentConfigLoader.load(null, Map.of("interval", "soon"), Map.of()))
                .hasMessageContaining("interval");
        assertThatThrownBy(
                        () ->
                                AgentConfigLoader.load(
                                        null, Map.of("output.mode", "smoke"), Map.of()))
                .hasMessageContaining("output.mode");
        assertThatThrownBy(
                        () ->
                                AgentConfigLoader.load(
                                        null,
                                        Map.of(),
                                        Map.of("AIMONITOR_AGENT_OUTPUT_PASSWORD", "x")))
                .hasMessageContaining("AIMONITOR_AGENT_OUTPUT_PASSWORD");
        Files.writeString(
                file,
                "probes:\n  redis:\n    - name: cache\n      url: redis://${REDIS_HOST}:6379\n");
        assertThatThrownBy(() -> AgentConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("${REDIS_HOST}");
        Files.writeString(file, "probes:\n  redis:\n    - url: redis://cache:6379\n");
        assertThatThrownBy(() -> AgentConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("probes.redis[0].name");
    }
}
