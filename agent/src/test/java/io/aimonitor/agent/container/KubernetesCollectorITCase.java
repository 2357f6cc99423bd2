package io.aimonitor.agent.container;

import static io.aimonitor.agent.collect.Samples.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.agent.collect.Sample;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kubernetes collector against fabric8's mock API server (CRUD mode, plus metrics-server). */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesCollectorITCase {
    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void readsNodesPodsDeploymentsServicesAndUsage() {
        client.nodes()
                .resource(
                        new NodeBuilder()
                                .withNewMetadata()
                                .withName("node-1")
                                .endMetadata()
                                .withNewStatus()
                                .addNewCondition()
                                .withType("Ready")
                                .withStatus("True")
                                .endCondition()
                                .addNewCondition()
                                .withType("MemoryPressure")
                                .withStatus("False")
                                .endCondition()
                                .endStatus()
                                .build())
                .create();
        client.pods()
                .inNamespace("shop")
                .resource(
                        new PodBuilder()
                                .withNewMetadata()
                                .withName("web-1")
                                .withNamespace("shop")
                                .endMetadata()
                                .withNewStatus()
                                .withPhase("Running")
                                .withContainerStatuses(
                                        new ContainerStatusBuilder()
                                                .withName("nginx")
                                                .withRestartCount(3)
                                                .build())
                                .endStatus()
                                .build())
                .create();
        client.pods()
                .inNamespace("shop")
                .resource(
                        new PodBuilder()
                                .withNewMetadata()
                                .withName("web-2")
                                .withNamespace("shop")
                                .endMetadata()
                                .withNewStatus()
                                .withPhase("Pending")
                                .endStatus()
                                .build())
                .create();
        client.apps()
                .deployments()
                .inNamespace("shop")
                .resource(
                        new DeploymentBuilder()
                                .withNewMetadata()
                                .withName("web")
                                .withNamespace("shop")
                                .endMetadata()
                                .withNewSpec()
                                .withReplicas(3)
                                .endSpec()
                                .withNewStatus()
                                .withAvailableReplicas(2)
                                .endStatus()
                                .build())
                .create();
        client.services()
                .inNamespace("shop")
                .resource(
                        new ServiceBuilder()
                                .withNewMetadata()
                                .withName("web")
                                .withNamespace("shop")
                                .endMetadata()
                                .withNewSpec()
                                .withType("LoadBalancer")
                                .endSpec()
                                .build())
                .create();
        server.expect()
                .get()
                .withPath("/apis/metrics.k8s.io/v1beta1/nodes")
                .andReturn(
                        200,
                        new NodeMetricsListBuilder()
                                .addToItems(
                                        new NodeMetricsBuilder()
                                                .withNewMetadata()
                                                .withName("node-1")
                                                .endMetadata()
                                                .withUsage(
                                                        Map.of(
                                                                "cpu",
                                                                new Quantity("250m"),
                                                                "memory",
                                                                new Quantity("2Gi")))
                                                .build())
                                .build())
                .always();

        KubernetesCollector k8s = new KubernetesCollector(client);
        List<Sample> s = k8s.collect();
        assertThat(value(s, "k8s.node.count", Map.of())).contains(1.0);
        assertThat(
                        value(
                                s,
                                "k8s.node.condition",
                                Map.of("k8s.node.name", "node-1", "condition", "Ready")))
                .contains(1.0);
        assertThat(value(s, "k8s.node.condition", Map.of("condition", "MemoryPressure")))
                .contains(0.0);
        assertThat(
                        value(
                                s,
                                "k8s.pod.count",
                                Map.of("k8s.namespace.name", "shop", "k8s.pod.phase", "Running")))
                .contains(1.0);
        assertThat(value(s, "k8s.pod.count", Map.of("k8s.pod.phase", "Pending"))).contains(1.0);
        assertThat(
                        value(
                                s,
                                "k8s.container.restarts",
                                Map.of("k8s.pod.name", "web-1", "k8s.container.name", "nginx")))
                .contains(3.0);
        assertThat(value(s, "k8s.deployment.desired", Map.of("k8s.deployment.name", "web")))
                .contains(3.0);
        assertThat(value(s, "k8s.deployment.available", Map.of("k8s.deployment.name", "web")))
                .contains(2.0);
        assertThat(value(s, "k8s.service.count", Map.of("k8s.service.type", "LoadBalancer")))
                .contains(1.0);
        assertThat(value(s, "k8s.node.cpu.usage", Map.of("k8s.node.name", "node-1")))
                .contains(0.25);
        assertThat(value(s, "k8s.node.memory.usage", Map.of("k8s.node.name", "node-1")))
                .contains(2.0 * (1L << 30));
    }
}
