package io.aimonitor.agent.ship;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.agent.Agent;
import io.aimonitor.agent.collect.Collector;
import io.aimonitor.agent.collect.Sample;
import io.aimonitor.agent.otlp.OtlpEncoder;
import io.aimonitor.embedded.kafka.EmbeddedKafkaBroker;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Shipping through the on-disk buffer: the backend down, the agent restarted during the outage, the
 * backend back - every collection arrives exactly once, in order; over capacity the oldest are
 * dropped and counted; refused requests are dropped, not retried forever; Kafka output.
 */
class BufferedShippingITCase {
    private final AtomicInteger round = new AtomicInteger();
    private final Collector counter =
            new Collector() {
                @Override
                public String scope() {
                    return "test";
                }

                @Override
                public List<Sample> collect() {
                    return List.of(Sample.gauge("test.round", "1", round.incrementAndGet()));
                }
            };

    @Test
    void aRestartDuringAnOutageLosesAndRepeatsNothing() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "buffer");
        int port = freePort(); // nothing listens: the backend is down
        String url = "http://127.0.0.1:" + port + "/v1/metrics";

        DiskBuffer buffer = new DiskBuffer(dir, 64L << 20);
        ShippingLoop shipping =
                new ShippingLoop(buffer, new HttpShipper(url, "key-1", Duration.ofSeconds(2)));
        Thread thread = new Thread(shipping);
        thread.start();
        Agent agent = agent(buffer);
        for (int i = 0; i < 5; i++) {
            agent.collectAndBuffer();
            shipping.wake();
        }
        TimeUnit.MILLISECONDS.sleep(500);
        shipping.stop();
        thread.join();
        assertThat(buffer.size()).isEqualTo(5);

        // the agent restarts, still without a backend, and goes on collecting
        DiskBuffer reopened = new DiskBuffer(dir, 64L << 20);
        Agent restarted = agent(reopened);
        for (int i = 0; i < 3; i++) {
            restarted.collectAndBuffer();
        }
        assertThat(reopened.size()).isEqualTo(8);

        try (OtlpReceiver backend = new OtlpReceiver(port)) {
            ShippingLoop resumed =
                    new ShippingLoop(
                            reopened, new HttpShipper(url, "key-1", Duration.ofSeconds(2)));
            Thread t = new Thread(resumed);
            t.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (reopened.size() > 0) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                TimeUnit.MILLISECONDS.sleep(20);
            }
            resumed.stop();
            t.join();
            assertThat(backend.values("test.round"))
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, 8).mapToObj(i -> (double) i).toList());
            assertThat(backend.authorizations).containsOnly("Bearer key-1");
            assertThat(backend.values("aimonitor.agent.heartbeat")).hasSize(8);
        }
    }

    @Test
    void overCapacityTheOldestAreDroppedAndCounted() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "full");
        byte[] batch = new byte[1000];
        DiskBuffer buffer = new DiskBuffer(dir, 3_500);
        for (int i = 0; i < 10; i++) {
            batch[0] = (byte) i;
            buffer.append(batch);
        }
        assertThat(buffer.size()).isEqualTo(3);
        assertThat(buffer.dropped()).isEqualTo(7);
        assertThat(Files.readAllBytes(buffer.oldest().orElseThrow())[0]).isEqualTo((byte) 7);
    }

    @Test
    void aRefusedRequestIsDroppedAndShippingGoesOn() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "refused");
        DiskBuffer buffer = new DiskBuffer(dir, 1 << 20);
        buffer.append(new byte[] {1});
        buffer.append(new byte[] {2});
        int[] calls = {0};
        Shipper refusesFirst =
                request -> {
                    if (calls[0]++ == 0) {
                        throw new Shipper.Rejected("HTTP 400 malformed");
                    }
                };
        ShippingLoop loop = new ShippingLoop(buffer, refusesFirst);
        assertThat(loop.shipOne(buffer.oldest().orElseThrow())).isZero();
        assertThat(buffer.size()).isEqualTo(1);
        Shipper unavailable =
                request -> {
                    throw new Shipper.RetryLater("HTTP 503", 30);
                };
        assertThat(new ShippingLoop(buffer, unavailable).shipOne(buffer.oldest().orElseThrow()))
                .as("waits as long as Retry-After asks")
                .isEqualTo(30_000);
        assertThat(buffer.size()).isEqualTo(1);
    }

    @Test
    void shipsStraightToKafka() throws Exception {
        try (EmbeddedKafkaBroker broker =
                new EmbeddedKafkaBroker(
                                Files.createTempDirectory(Path.of("target"), "kafka"),
                                "127.0.0.1",
                                0,
                                Map.of())
                        .start()) {
            try (Admin admin =
                    Admin.create(
                            Map.of(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("otlp_metrics", 1, (short) 1))).all().get();
            }
            Path dir = Files.createTempDirectory(Path.of("target"), "kafka-buffer");
            DiskBuffer buffer = new DiskBuffer(dir, 1 << 20);
            agent(buffer).collectAndBuffer();
            try (KafkaShipper shipper =
                    new KafkaShipper(
                            broker.bootstrapServers(),
                            "otlp_metrics",
                            "host-1",
                            Duration.ofSeconds(10))) {
                assertThat(new ShippingLoop(buffer, shipper).shipOne(buffer.oldest().orElseThrow()))
                        .isZero();
            }
            assertThat(buffer.size()).isZero();
            try (KafkaConsumer<String, byte[]> consumer =
                    new KafkaConsumer<>(
                            Map.of(
                                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                            broker.bootstrapServers(),
                                    ConsumerConfig.GROUP_ID_CONFIG, "test",
                                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                            new StringDeserializer(),
                            new ByteArrayDeserializer())) {
                consumer.subscribe(List.of("otlp_metrics"));
                ConsumerRecord<String, byte[]> record = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (record == null && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        record = r;
                    }
                }
                assertThat(record).isNotNull();
                assertThat(record.key()).isEqualTo("host-1");
                ExportMetricsServiceRequest request =
                        ExportMetricsServiceRequest.parseFrom(record.value());
                assertThat(request.getResourceMetrics(0).getScopeMetricsList())
                        .anyMatch(sm -> sm.getMetrics(0).getName().equals("test.round"));
            }
        }
    }

    private Agent agent(DiskBuffer buffer) {
        return new Agent(
                List.of(counter),
                new OtlpEncoder(Map.of("host.name", "test-host"), 0),
                buffer,
                Map.of("aimonitor.agent.version", "test"));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
