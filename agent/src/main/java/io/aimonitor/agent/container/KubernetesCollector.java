package io.aimonitor.agent.container;

import io.aimonitor.agent.collect.Collector;
import io.aimonitor.agent.collect.Sample;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Kubernetes cluster through its API (fabric8): nodes and their conditions, pods by phase and
 * their containers' restarts, deployments (desired and available replicas), services by type, and
 * node CPU and memory usage when metrics-server is installed.
 */
public final class KubernetesCollector implements Collector, AutoCloseable {
    private final KubernetesClient client;

    public KubernetesCollector(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public String scope() {
        return "aimonitor.kubernetes";
    }

    @Override
    public List<Sample> collect() {
        List<Sample> out = new ArrayList<>();
        nodes(out);
        pods(out);
        for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
            String[] at = {
                "k8s.namespace.name",
                d.getMetadata().getNamespace(),
                "k8s.deployment.name",
                d.getMetadata().getName()
            };
            Integer desired = d.getSpec() == null ? null : d.getSpec().getReplicas();
            Integer available = d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
            out.add(
                    Sample.gauge(
                            "k8s.deployment.desired", "{pod}", desired == null ? 1 : desired, at));
            out.add(
                    Sample.gauge(
                            "k8s.deployment.available",
                            "{pod}",
                            available == null ? 0 : available,
                            at));
        }
        Map<String, Integer> services = new TreeMap<>();
        for (Service s : client.services().inAnyNamespace().list().getItems()) {
            String type =
                    s.getSpec() == null || s.getSpec().getType() == null
                            ? "ClusterIP"
                            : s.getSpec().getType();
            services.merge(s.getMetadata().getNamespace() + "\u0000" + type, 1, Integer::sum);
        }
        services.forEach(
                (key, n) -> {
                    String[] parts = key.split("\u0000");
                    out.add(
                            Sample.gauge(
                                    "k8s.service.count",
                                    "{service}",
                                    n,
                                    "k8s.namespace.name",
                                    parts[0],
                                    "k8s.service.type",
                                    parts[1]));
                });
        nodeUsage(out);
        return out;
    }

    private void nodes(List<Sample> out) {
        List<Node> nodes = client.nodes().list().getItems();
        out.add(Sample.gauge("k8s.node.count", "{node}", nodes.size()));
        for (Node n : nodes) {
            if (n.getStatus() == null || n.getStatus().getConditions() == null) {
                continue;
            }
            for (NodeCondition c : n.getStatus().getConditions()) {
                out.add(
                        Sample.gauge(
                                "k8s.node.condition",
                                "1",
                                "True".equals(c.getStatus()) ? 1 : 0,
                                "k8s.node.name",
                                n.getMetadata().getName(),
                                "condition",
                                c.getType()));
            }
        }
    }

    private void pods(List<Sample> out) {
        Map<String, Integer> phases = new TreeMap<>();
        for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
            String ns = p.getMetadata().getNamespace();
            String phase =
                    p.getStatus() == null || p.getStatus().getPhase() == null
                            ? "Unknown"
                            : p.getStatus().getPhase();
            phases.merge(ns + "\u0000" + phase, 1, Integer::sum);
            if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
                for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
                    out.add(
                            Sample.counter(
                                    "k8s.container.restarts",
                                    "{restart}",
                                    cs.getRestartCount() == null ? 0 : cs.getRestartCount(),
                                    "k8s.namespace.name",
                                    ns,
                                    "k8s.pod.name",
                                    p.getMetadata().getName(),
                                    "k8s.container.name",
                                    cs.getName()));
                }
            }
        }
        phases.forEach(
                (key, n) -> {
                    String[] parts = key.split("\u0000");
                    out.add(
                            Sample.gauge(
                                    "k8s.pod.count",
                                    "{pod}",
                                    n,
                                    "k8s.namespace.name",
                                    parts[0],
                                    "k8s.pod.phase",
                                    parts[1]));
                });
    }

    /** metrics-server, when the cluster has it; without it there is nothing to report. */
    private void nodeUsage(List<Sample> out) {
        List<NodeMetrics> usage;
        try {
            usage = client.top().nodes().metrics().getItems();
        } catch (KubernetesClientException absent) {
            return;
        }
        for (NodeMetrics m : usage) {
            Quantity cpu = m.getUsage().get("cpu");
            Quantity memory = m.getUsage().get("memory");
            String node = m.getMetadata().getName();
            if (cpu != null) {
                out.add(
                        Sample.gauge(
                                "k8s.node.cpu.usage",
                                "{cpu}",
                                Quantity.getAmountInBytes(cpu).doubleValue(),
                                "k8s.node.name",
                                node));
            }
            if (memory != null) {
                out.add(
                        Sample.gauge(
                                "k8s.node.memory.usage",
                                "By",
                                Quantity.getAmountInBytes(memory).doubleValue(),
                                "k8s.node.name",
                                node));
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
