package io.aimonitor.agent.container;

import static io.aimonitor.agent.collect.Attributes.with;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.BlkioStatEntry;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.StatisticNetworksConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.InvocationBuilder;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.aimonitor.agent.collect.Collector;
import io.aimonitor.agent.collect.Sample;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Docker through the Engine API (docker-java over the unix socket): containers by state, and per
 * running container CPU utilization (as {@code docker stats} computes it), memory usage (without
 * page cache) and limit, network and block I/O.
 */
public final class DockerCollector implements Collector, AutoCloseable {
    private final DockerClient docker;

    public DockerCollector(String host) {
        URI uri = URI.create(host);
        DefaultDockerClientConfig config =
                DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        docker =
                DockerClientImpl.getInstance(
                        config,
                        new ZerodepDockerHttpClient.Builder()
                                .dockerHost(uri)
                                .connectionTimeout(Duration.ofSeconds(5))
                                .responseTimeout(Duration.ofSeconds(15))
                                .build());
    }

    @Override
    public String scope() {
        return "aimonitor.docker";
    }

    @Override
    public List<Sample> collect() throws Exception {
        List<Sample> out = new ArrayList<>();
        List<Container> containers = docker.listContainersCmd().withShowAll(true).exec();
        Map<String, Integer> byState = new TreeMap<>();
        for (Container c : containers) {
            String state = c.getState() == null ? "unknown" : c.getState().toLowerCase(Locale.ROOT);
            byState.merge(state, 1, Integer::sum);
            if ("running".equals(state)) {
                stats(c, out);
            }
        }
        byState.forEach(
                (state, n) ->
                        out.add(
                                Sample.gauge(
                                        "container.count",
                                        "{container}",
                                        n,
                                        "container.state",
                                        state)));
        return out;
    }

    private void stats(Container c, List<Sample> out) throws InterruptedException {
        Statistics s;
        try (InvocationBuilder.AsyncResultCallback<Statistics> callback =
                new InvocationBuilder.AsyncResultCallback<>()) {
            docker.statsCmd(c.getId()).withNoStream(true).exec(callback);
            s = callback.awaitResult();
        } catch (IOException e) {
            return;
        }
        if (s == null) {
            return; // stopped meanwhile
        }
        String[] at = {
            "container.id", c.getId().substring(0, Math.min(12, c.getId().length())),
            "container.name",
                    c.getNames() == null || c.getNames().length == 0
                            ? ""
                            : c.getNames()[0].replaceFirst("^/", ""),
            "container.image.name", c.getImage() == null ? "" : c.getImage()
        };
        if (s.getCpuStats() != null
                && s.getPreCpuStats() != null
                && s.getCpuStats().getCpuUsage() != null) {
            long cpuDelta =
                    nz(s.getCpuStats().getCpuUsage().getTotalUsage())
                            - nz(
                                    s.getPreCpuStats().getCpuUsage() == null
                                            ? null
                                            : s.getPreCpuStats().getCpuUsage().getTotalUsage());
            long systemDelta =
                    nz(s.getCpuStats().getSystemCpuUsage())
                            - nz(s.getPreCpuStats().getSystemCpuUsage());
            long cpus = nz(s.getCpuStats().getOnlineCpus());
            if (systemDelta > 0 && cpuDelta >= 0) {
                // a share of one CPU, as docker stats shows it (can exceed 1 with several CPUs)
                out.add(
                        Sample.gauge(
                                "container.cpu.utilization",
                                "1",
                                (double) cpuDelta / systemDelta * Math.max(cpus, 1),
                                at));
            }
            out.add(
                    Sample.counter(
                            "container.cpu.time",
                            "s",
                            nz(s.getCpuStats().getCpuUsage().getTotalUsage()) / 1e9,
                            at));
        }
        if (s.getMemoryStats() != null && s.getMemoryStats().getUsage() != null) {
            long cache = 0;
            if (s.getMemoryStats().getStats() != null) {
                cache = nz(s.getMemoryStats().getStats().getInactiveFile());
                if (cache == 0) {
                    cache = nz(s.getMemoryStats().getStats().getCache());
                }
            }
            out.add(
                    Sample.gauge(
                            "container.memory.usage",
                            "By",
                            s.getMemoryStats().getUsage() - cache,
                            at));
            out.add(
                    Sample.gauge(
                            "container.memory.limit", "By", nz(s.getMemoryStats().getLimit()), at));
        }
        if (s.getNetworks() != null) {
            long rx = 0;
            long tx = 0;
            for (StatisticNetworksConfig n : s.getNetworks().values()) {
                rx += nz(n.getRxBytes());
                tx += nz(n.getTxBytes());
            }
            out.add(
                    Sample.counter(
                            "container.network.io",
                            "By",
                            rx,
                            with(at, "network.io.direction", "receive")));
            out.add(
                    Sample.counter(
                            "container.network.io",
                            "By",
                            tx,
                            with(at, "network.io.direction", "transmit")));
        }
        if (s.getBlkioStats() != null && s.getBlkioStats().getIoServiceBytesRecursive() != null) {
            long read = 0;
            long write = 0;
            for (BlkioStatEntry e : s.getBlkioStats().getIoServiceBytesRecursive()) {
                if ("read".equalsIgnoreCase(e.getOp())) {
                    read += nz(e.getValue());
                } else if ("write".equalsIgnoreCase(e.getOp())) {
                    write += nz(e.getValue());
                }
            }
            out.add(
                    Sample.counter(
                            "container.disk.io",
                            "By",
                            read,
                            with(at, "disk.io.direction", "read")));
            out.add(
                    Sample.counter(
                            "container.disk.io",
                            "By",
                            write,
                            with(at, "disk.io.direction", "write")));
        }
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    @Override
    public void close() throws IOException {
        docker.close();
    }
}
