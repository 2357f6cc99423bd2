package io.aimonitor.api.ops;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Kafka is ready when the cluster answers a describe within two seconds. */
public final class KafkaReadiness implements ReadinessCheck, AutoCloseable {
    private final Admin admin;

    public KafkaReadiness(String bootstrapServers) {
        this.admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                AdminClientConfig.CLIENT_ID_CONFIG,
                                "aimonitor-readiness",
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                2000,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                2000));
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void check() throws Exception {
        admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                .nodes()
                .get(2, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        admin.close();
    }
}
