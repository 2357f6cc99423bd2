package io.aimonitor.agent.container;

import static io.aimonitor.agent.collect.Samples.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.agent.collect.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Docker collector through docker-java against an Engine API server on a unix socket. */
class DockerCollectorITCase {
    private static final String CONTAINERS =
            """
            [{"Id":"4f66ad9a0b2e7c1d9e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5","Names":["/web"],
              "Image":"nginx:1.27","State":"running","Status":"Up 2 hours"},
             {"Id":"9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b","Names":["/batch"],
              "Image":"busybox","State":"exited","Status":"Exited (0) 3 minutes ago"}]
            """;
    private static final String STATS =
            """
            {"read":"2026-11-25T10:00:01Z","preread":"2026-11-25T10:00:00Z",
             "cpu_stats":{"cpu_usage":{"total_usage":3000000000},"system_cpu_usage":20000000000,"online_cpus":2},
             "precpu_stats":{"cpu_usage":{"total_usage":2500000000},"system_cpu_usage":18000000000,"online_cpus":2},
             "memory_stats":{"usage":104857600,"limit":536870912,"stats":{"inactive_file":4194304}},
             "networks":{"eth0":{"rx_bytes":1000,"tx_bytes":2000},"eth1":{"rx_bytes":10,"tx_bytes":20}},
             "blkio_stats":{"io_service_bytes_recursive":[{"major":8,"minor":0,"op":"read","value":4096},
                                                          {"major":8,"minor":0,"op":"write","value":8192}]}}
            """;

    @Test
    void readsContainersAndTheirStats() throws Exception {
        Path socket = Files.createTempDirectory(Path.of("/tmp"), "docker").resolve("docker.sock");
        try (FakeDockerEngine engine =
                        new FakeDockerEngine(
                                socket,
                                CONTAINERS,
                                Map.of(
                                        "4f66ad9a0b2e7c1d9e8f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5",
                                        STATS));
                DockerCollector docker = new DockerCollector(engine.host())) {
            List<Sample> s = docker.collect();
            assertThat(value(s, "container.count", Map.of("container.state", "running")))
                    .contains(1.0);
            assertThat(value(s, "container.count", Map.of("container.state", "exited")))
                    .contains(1.0);
            Map<String, String> web =
                    Map.of(
                            "container.id",
                            "4f66ad9a0b2e",
                            "container.name",
                            "web",
                            "container.image.name",
                            "nginx:1.27");
            // (3.0e9 - 2.5e9) / (20e9 - 18e9) x 2 CPUs
            assertThat(value(s, "container.cpu.utilization", web)).contains(0.5);
            assertThat(value(s, "container.memory.usage", web))
                    .contains(100.0 * 1048576 - 4 * 1048576);
            assertThat(value(s, "container.memory.limit", web)).contains(512.0 * 1048576);
            assertThat(value(s, "container.network.io", Map.of("network.io.direction", "transmit")))
                    .contains(2020.0);
            assertThat(value(s, "container.disk.io", Map.of("disk.io.direction", "write")))
                    .contains(8192.0);
            assertThat(s).noneMatch(x -> "batch".equals(x.attributes().get("container.name")));
            assertThat(engine.requests)
                    .anyMatch(p -> p.contains("/containers/json") && p.contains("all=true"));
            assertThat(engine.requests)
                    .anyMatch(p -> p.contains("/stats") && p.contains("stream=0"));
        }
    }

    @Test
    void anAbsentEngineFailsTheCollectionNotTheAgent() throws Exception {
        try (DockerCollector docker =
                new DockerCollector("unix:///tmp/aimonitor-no-such-docker.sock")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(docker::collect).isNotNull();
        }
    }
}
