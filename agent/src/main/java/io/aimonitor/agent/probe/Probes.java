package io.aimonitor.agent.probe;

import io.aimonitor.agent.config.AgentConfig;
import java.util.ArrayList;
import java.util.List;

/** The probes the configuration enables, one per target. */
public final class Probes {
    private Probes() {}

    public static List<Probe> of(AgentConfig.ProbeTargets targets) {
        List<Probe> out = new ArrayList<>();
        for (AgentConfig.Target t : targets.postgresql()) {
            out.add(
                    new Probe(
                            "postgresql",
                            t.name(),
                            new PostgresTarget(t.url(), t.user(), t.password())));
        }
        for (AgentConfig.Target t : targets.mysql()) {
            out.add(new Probe("mysql", t.name(), new MySqlTarget(t.url(), t.user(), t.password())));
        }
        for (AgentConfig.Target t : targets.redis()) {
            out.add(new Probe("redis", t.name(), new RedisTarget(t.url(), t.password())));
        }
        for (AgentConfig.Target t : targets.mongodb()) {
            out.add(
                    new Probe(
                            "mongodb", t.name(), new MongoTarget(t.url(), t.user(), t.password())));
        }
        for (AgentConfig.Target t : targets.clickhouse()) {
            out.add(
                    new Probe(
                            "clickhouse",
                            t.name(),
                            new ClickHouseTarget(t.url(), t.user(), t.password())));
        }
        for (AgentConfig.Target t : targets.kafka()) {
            out.add(new Probe("kafka", t.name(), new KafkaTarget(t.url())));
        }
        for (AgentConfig.Target t : targets.rabbitmq()) {
            out.add(
                    new Probe(
                            "rabbitmq",
                            t.name(),
                            new RabbitMqTarget(t.url(), t.user(), t.password())));
        }
        for (AgentConfig.Target t : targets.nats()) {
            out.add(new Probe("nats", t.name(), new NatsTarget(t.url())));
        }
        for (AgentConfig.Target t : targets.prometheus()) {
            out.add(new Probe("prometheus", t.name(), new PrometheusTarget(t.url())));
        }
        return out;
    }
}
