package io.aimonitor.embedded.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.BrokerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * A real single-node Kafka broker (combined KRaft broker and controller) inside this JVM. The log
 * directory is formatted once; a restart on the same directory keeps every topic and offset.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private final Path logDir;
    private final String host;
    private final int requestedPort;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;
    private int boundPort = -1;

    /**
     * @param port the client port; 0 picks a free one
     * @param overrides broker properties to set on top of the single-node defaults
     */
    public EmbeddedKafkaBroker(Path logDir, String host, int port, Map<String, String> overrides) {
        this.logDir = logDir.toAbsolutePath();
        this.host = host;
        this.requestedPort = port;
        this.overrides = Map.copyOf(overrides);
    }

    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        long started = System.nanoTime();
        try {
            Files.createDirectories(logDir);
            int controllerPort = freePort();
            KafkaConfig config = KafkaConfig.fromProps(properties(controllerPort), false);
            formatOnce(config);
            KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                s.startup(); // returns once the broker is unfenced and serving
            } catch (RuntimeException e) {
                s.shutdown();
                s.awaitShutdown();
                throw e;
            }
            server = s;
            boundPort = requestedPort != 0 ? requestedPort : boundPort(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka in " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot start Kafka in " + logDir + ": " + e.getMessage(), e);
        }
        LOG.info(
                "Kafka broker on {} started in {} ms (logs in {})",
                bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000,
                logDir);
        return this;
    }

    private Properties properties(int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // a static quorum lets the controller port change on every start
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put(
                "listeners",
                BROKER_LISTENER
                        + "://"
                        + host
                        + ":"
                        + requestedPort
                        + ","
                        + CONTROLLER_LISTENER
                        + "://127.0.0.1:"
                        + controllerPort);
        p.put(
                "listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "2");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.putAll(overrides);
        return p;
    }

    private void formatOnce(KafkaConfig config) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return; // formatting again with a new cluster id would fail verification
        }
        new Formatter()
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(config.metadataLogDir())
                .addDirectory(logDir.toString())
                .setIgnoreFormatted(true)
                .run();
    }

    /** KafkaRaftServer keeps its BrokerServer private; the bound port of port 0 lives there. */
    private static int boundPort(KafkaRaftServer s) throws ReflectiveOperationException {
        Field f = KafkaRaftServer.class.getDeclaredField("broker");
        f.setAccessible(true);
        BrokerServer broker = (BrokerServer) ((Option<?>) f.get(s)).get();
        return broker.boundPort(ListenerName.normalised(BROKER_LISTENER));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    public int port() {
        return boundPort;
    }

    public String bootstrapServers() {
        return host + ":" + boundPort;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Kafka broker stopped");
    }
}
