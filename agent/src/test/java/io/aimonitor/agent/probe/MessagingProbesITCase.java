package io.aimonitor.agent.probe;

import static io.aimonitor.agent.collect.Samples.find;
import static io.aimonitor.agent.collect.Samples.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.agent.collect.Sample;
import io.aimonitor.embedded.kafka.EmbeddedKafkaBroker;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The messaging probes against real servers: Kafka in-process, the machine's RabbitMQ (its
 * management plugin enabled by this setup when it is off), and a NATS server started here with
 * monitoring and JetStream on.
 */
class MessagingProbesITCase {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void kafkaTopicsPartitionsAndConsumerLag() throws Exception {
        try (EmbeddedKafkaBroker broker =
                new EmbeddedKafkaBroker(
                                Files.createTempDirectory(Path.of("target"), "kafka"),
                                "127.0.0.1",
                                0,
                                Map.of())
                        .start()) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(
                            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                            new StringSerializer(),
                            new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("orders", 0, null, "order-" + i)).get();
                }
            }
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(
                            Map.of(
                                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    bootstrap,
                                    ConsumerConfig.GROUP_ID_CONFIG,
                                    "billing",
                                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                    "earliest",
                                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                    false,
                                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                                    4),
                            new StringDeserializer(),
                            new StringDeserializer())) {
                consumer.subscribe(List.of("orders"));
                int read = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (read == 0 && System.nanoTime() < deadline) {
                    read = consumer.poll(Duration.ofMillis(200)).count();
                }
                assertThat(read).isEqualTo(4);
                consumer.commitSync();
            }
            try (Probe probe = new Probe("kafka", "local", new KafkaTarget(bootstrap))) {
                List<Sample> s = probe.collect();
                assertThat(value(s, "aimonitor.probe.up")).contains(1.0);
                assertThat(value(s, "kafka.brokers")).contains(1.0);
                assertThat(find(s, "kafka.partitions", Map.of("topic", "orders")))
                        .map(Sample::value)
                        .contains(3.0);
                assertThat(find(s, "kafka.partitions.under_replicated", Map.of("topic", "orders")))
                        .map(Sample::value)
                        .contains(0.0);
                assertThat(
                                find(
                                        s,
                                        "kafka.consumer_group.lag",
                                        Map.of("group", "billing", "topic", "orders")))
                        .map(Sample::value)
                        .contains(6.0);
            }
        }
    }

    @Test
    void rabbitmqQueuesThroughTheManagementApi() throws Exception {
        enableRabbitManagement();
        String queue = "aimonitor-probe-" + System.nanoTime();
        String api = "http://127.0.0.1:15672/api";
        request("PUT", api + "/queues/%2F/" + queue, "{\"durable\":false,\"auto_delete\":false}");
        for (int i = 0; i < 3; i++) {
            request(
                    "POST",
                    api + "/exchanges/%2F/amq.default/publish",
                    "{\"properties\":{},\"routing_key\":\""
                            + queue
                            + "\",\"payload\":\"m"
                            + i
                            + "\",\"payload_encoding\":\"string\"}");
        }
        try (Probe probe =
                new Probe(
                        "rabbitmq",
                        "local",
                        new RabbitMqTarget("http://127.0.0.1:15672", "guest", "guest"))) {
            // the management plugin refreshes its queue statistics every few seconds
            Optional<Sample> depth = Optional.empty();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                List<Sample> s = probe.collect();
                assertThat(value(s, "aimonitor.probe.up")).contains(1.0);
                depth = find(s, "rabbitmq.queue.messages", Map.of("rabbitmq.queue.name", queue));
                if (depth.isPresent() && depth.get().value() == 3) {
                    assertThat(value(s, "rabbitmq.queues"))
                            .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
            assertThat(depth).map(Sample::value).contains(3.0);
        } finally {
            request("DELETE", api + "/queues/%2F/" + queue, null);
        }
        try (Probe wrong =
                new Probe(
                        "rabbitmq",
                        "bad-login",
                        new RabbitMqTarget("http://127.0.0.1:15672", "guest", "wrong"))) {
            assertThat(value(wrong.collect(), "aimonitor.probe.up")).contains(0.0);
        }
    }

    @Test
    void natsMonitoringEndpoints() throws Exception {
        int port = freePort();
        int monitoring = freePort();
        Path store = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "nats");
        Process nats =
                new ProcessBuilder(
                                "/usr/sbin/nats-server",
                                "-a",
                                "127.0.0.1",
                                "-p",
                                Integer.toString(port),
                                "-m",
                                Integer.toString(monitoring),
                                "-js",
                                "-sd",
                                store.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(store.resolveSibling(store.getFileName() + ".log").toFile())
                        .start();
        try {
            awaitPort(monitoring);
            awaitPort(port); // the client port may open after the monitoring one
            try (Socket client = new Socket("127.0.0.1", port);
                    Probe probe =
                            new Probe(
                                    "nats",
                                    "local",
                                    new NatsTarget("http://127.0.0.1:" + monitoring))) {
                client.getOutputStream()
                        .write(
                                "CONNECT {\"verbose\":false}\r\nPING\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                client.getInputStream().read(new byte[512]); // INFO, then PONG: connected
                List<Sample> s = probe.collect();
                assertThat(value(s, "aimonitor.probe.up")).contains(1.0);
                assertThat(value(s, "nats.connections"))
                        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
                assertThat(find(s, "nats.messages", Map.of("direction", "in"))).isPresent();
                assertThat(value(s, "nats.jetstream.streams")).contains(0.0);
            }
        } finally {
            nats.destroy();
            nats.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Turns the management plugin on when it is off (the machine's RabbitMQ starts without it). */
    private static void enableRabbitManagement() throws Exception {
        if (open(15672)) {
            return;
        }
        Process p =
                new ProcessBuilder("rabbitmq-plugins", "enable", "rabbitmq_management")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        awaitPort(15672);
    }

    private static void request(String method, String url, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        "guest:guest"
                                                                .getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isBetween(200, 299);
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!open(port)) {
            assertThat(System.nanoTime()).as("port " + port + " opens").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static boolean open(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
