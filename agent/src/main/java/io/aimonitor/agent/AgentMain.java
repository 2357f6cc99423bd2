package io.aimonitor.agent;

import io.aimonitor.agent.collect.Collector;
import io.aimonitor.agent.config.AgentConfig;
import io.aimonitor.agent.config.AgentConfigLoader;
import io.aimonitor.agent.container.DockerCollector;
import io.aimonitor.agent.container.KubernetesCollector;
import io.aimonitor.agent.host.HostCollector;
import io.aimonitor.agent.host.HostFacts;
import io.aimonitor.agent.otlp.OtlpEncoder;
import io.aimonitor.agent.probe.Probes;
import io.aimonitor.agent.ship.DiskBuffer;
import io.aimonitor.agent.ship.HttpShipper;
import io.aimonitor.agent.ship.KafkaShipper;
import io.aimonitor.agent.ship.Shipper;
import io.aimonitor.agent.ship.ShippingLoop;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;

/**
 * The agent process: {@code --config FILE}, {@code --key=value} overrides, {@code --once} to print
 * one collection and exit. Collects every interval, buffers on disk, ships in the background;
 * SIGTERM stops collecting, lets the shipper finish its current request and exits.
 */
public final class AgentMain {
    public static final String VERSION = "0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);

    private AgentMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new LinkedHashMap<>();
        Path file = null;
        boolean once = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--once")) {
                once = true;
            } else if (a.equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (a.startsWith("--config=")) {
                file = Path.of(a.substring(9));
            } else if (a.startsWith("--") && a.contains("=")) {
                flags.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                System.err.println(
                        "unexpected argument '" + a + "' (use --config FILE, --once, --key=value)");
                System.exit(2);
            }
        }
        AgentConfig config;
        try {
            config = AgentConfigLoader.load(file, flags, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        SystemInfo system = new SystemInfo();
        Map<String, String> resource = HostFacts.of(system, VERSION);
        List<Collector> collectors = new ArrayList<>();
        if (config.host().enabled()) {
            collectors.add(
                    new HostCollector(
                            system.getHardware(),
                            system.getOperatingSystem(),
                            config.host().topProcesses()));
        }
        if (config.containers().docker()) {
            collectors.add(new DockerCollector(config.containers().dockerHost()));
        }
        if (config.containers().kubernetes()) {
            collectors.add(new KubernetesCollector(kubernetes(config.containers().kubeconfig())));
        }
        collectors.addAll(Probes.of(config.probes()));
        Map<String, String> heartbeat =
                Map.of(
                        "aimonitor.agent.version", VERSION,
                        "os.type", resource.get("os.type"),
                        "host.arch", resource.get("host.arch"));
        if (once) {
            Agent agent = new Agent(collectors, null, null, heartbeat);
            agent.collect(); // CPU and process shares are measured between two readings
            Thread.sleep(1000);
            System.out.print(Agent.text(agent.collect()));
            closeAll(collectors);
            return;
        }
        run(config, collectors, resource, heartbeat);
    }

    /** Closes the collectors holding connections (probes, Docker and Kubernetes clients). */
    private static void closeAll(List<Collector> collectors) {
        for (Collector c : collectors) {
            if (c instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debug("closing {}: {}", c.scope(), e.toString());
                }
            }
        }
    }

    private static KubernetesClient kubernetes(String kubeconfig) throws java.io.IOException {
        KubernetesClientBuilder builder = new KubernetesClientBuilder();
        if (!kubeconfig.isEmpty()) {
            builder.withConfig(
                    Config.fromKubeconfig(java.nio.file.Files.readString(Path.of(kubeconfig))));
        }
        return builder.build();
    }

    private static void run(
            AgentConfig config,
            List<Collector> collectors,
            Map<String, String> resource,
            Map<String, String> heartbeat)
            throws InterruptedException {
        DiskBuffer buffer =
                new DiskBuffer(
                        Path.of(config.buffer().dir()),
                        config.buffer().maxSizeMb() * 1024L * 1024L);
        AgentConfig.Output out = config.output();
        Shipper shipper =
                out.mode().equals("kafka")
                        ? new KafkaShipper(
                                out.kafkaBootstrapServers(),
                                out.kafkaTopic(),
                                resource.get("host.name"),
                                out.timeout())
                        : new HttpShipper(out.url(), out.apiKey(), out.timeout());
        Agent agent =
                new Agent(
                        collectors,
                        new OtlpEncoder(resource, System.currentTimeMillis() * 1_000_000L),
                        buffer,
                        heartbeat);
        ShippingLoop shipping = new ShippingLoop(buffer, shipper);
        Thread shippingThread = new Thread(shipping, "agent-shipping");
        shippingThread.start();
        ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "agent-collect"));
        scheduler.scheduleAtFixedRate(
                () -> {
                    try {
                        agent.collectAndBuffer();
                        shipping.wake();
                    } catch (Exception e) {
                        LOG.error("collection failed: {}", e.toString());
                    }
                },
                0,
                config.interval().toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info(
                "AIMonitor agent {} collecting every {} from {} collectors, shipping to {}",
                VERSION,
                io.aimonitor.schemas.text.Durations.format(config.interval()),
                collectors.size(),
                out.mode().equals("kafka") ? "Kafka " + out.kafkaBootstrapServers() : out.url());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    scheduler.shutdownNow();
                                    shipping.stop();
                                    try {
                                        shippingThread.join(
                                                config.output().timeout().toMillis() * 2);
                                        stopped.await(5, TimeUnit.SECONDS);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                },
                                "agent-stop"));
        shippingThread.join();
        shipper.close();
        closeAll(collectors);
        LOG.info(
                "stopped; {} collections wait in {} for the next start",
                buffer.size(),
                config.buffer().dir());
        stopped.countDown();
    }
}
