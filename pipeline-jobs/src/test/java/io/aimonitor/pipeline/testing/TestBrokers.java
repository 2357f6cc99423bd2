package io.aimonitor.pipeline.testing;

import io.aimonitor.embedded.kafka.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real single-node Kafka broker for a test, its log under target/. */
public final class TestBrokers {
    private TestBrokers() {}

    public static EmbeddedKafkaBroker start() throws Exception {
        return new EmbeddedKafkaBroker(
                        Files.createTempDirectory(Path.of("target"), "kafka"),
                        "127.0.0.1",
                        0,
                        Map.of())
                .start();
    }
}
