package io.aimonitor.agent.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The agent's configuration, loaded and validated by {@link AgentConfigLoader}. */
public record AgentConfig(
        Duration interval,
        Output output,
        Buffer buffer,
        Host host,
        Containers containers,
        ProbeTargets probes) {

    /** {@code mode} is http or kafka. */
    public record Output(
            String mode,
            String url,
            String apiKey,
            String kafkaBootstrapServers,
            String kafkaTopic,
            Duration timeout) {}

    public record Buffer(String dir, int maxSizeMb) {}

    public record Host(boolean enabled, int topProcesses) {}

    /**
     * @param dockerHost the Engine API, e.g. unix:///var/run/docker.sock
     * @param kubeconfig empty: the pod's service account in a cluster, else ~/.kube/config
     */
    public record Containers(
            boolean docker, String dockerHost, boolean kubernetes, String kubeconfig) {}

    public record ProbeTargets(
            List<Target> postgresql,
            List<Target> mysql,
            List<Target> redis,
            List<Target> mongodb,
            List<Target> clickhouse,
            List<Target> kafka,
            List<Target> rabbitmq,
            List<Target> nats,
            List<Target> prometheus) {
        /** Every target list by probe type, in a stable order. */
        public Map<String, List<Target>> byType() {
            Map<String, List<Target>> out = new LinkedHashMap<>();
            out.put("postgresql", postgresql);
            out.put("mysql", mysql);
            out.put("redis", redis);
            out.put("mongodb", mongodb);
            out.put("clickhouse", clickhouse);
            out.put("kafka", kafka);
            out.put("rabbitmq", rabbitmq);
            out.put("nats", nats);
            out.put("prometheus", prometheus);
            return out;
        }
    }

    /** One probe target; credentials are never logged. */
    public record Target(String name, String url, String user, String password) {
        @Override
        public String toString() {
            return name + " (" + url + ")";
        }
    }
}
