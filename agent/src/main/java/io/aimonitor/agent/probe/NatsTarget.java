package io.aimonitor.agent.probe;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.agent.collect.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * NATS through its monitoring endpoints: {@code /varz} (connections, messages and bytes in and out,
 * slow consumers, subscriptions, memory), {@code /connz} and, with JetStream, {@code /jsz}.
 */
final class NatsTarget implements Target {
    private final HttpJson api;

    NatsTarget(String url) {
        this.api = new HttpJson(url, "", "");
    }

    @Override
    public List<Sample> read() throws IOException, InterruptedException {
        List<Sample> out = new ArrayList<>();
        JsonNode varz = api.get("/varz");
        out.add(
                Sample.gauge(
                        "nats.connections", "{connection}", varz.path("connections").asDouble()));
        out.add(
                Sample.counter(
                        "nats.connections.total",
                        "{connection}",
                        varz.path("total_connections").asDouble()));
        out.add(
                Sample.gauge(
                        "nats.subscriptions",
                        "{subscription}",
                        varz.path("subscriptions").asDouble()));
        out.add(
                Sample.counter(
                        "nats.slow_consumers",
                        "{consumer}",
                        varz.path("slow_consumers").asDouble()));
        out.add(Sample.gauge("nats.memory.usage", "By", varz.path("mem").asDouble()));
        out.add(
                Sample.counter(
                        "nats.messages",
                        "{message}",
                        varz.path("in_msgs").asDouble(),
                        "direction",
                        "in"));
        out.add(
                Sample.counter(
                        "nats.messages",
                        "{message}",
                        varz.path("out_msgs").asDouble(),
                        "direction",
                        "out"));
        out.add(
                Sample.counter(
                        "nats.bytes", "By", varz.path("in_bytes").asDouble(), "direction", "in"));
        out.add(
                Sample.counter(
                        "nats.bytes", "By", varz.path("out_bytes").asDouble(), "direction", "out"));
        out.add(
                Sample.gauge(
                        "nats.connz.connections",
                        "{connection}",
                        api.get("/connz").path("num_connections").asDouble()));
        if (varz.has("jetstream") && varz.path("jetstream").has("config")) {
            JsonNode jsz = api.get("/jsz");
            out.add(
                    Sample.gauge(
                            "nats.jetstream.streams", "{stream}", jsz.path("streams").asDouble()));
            out.add(
                    Sample.gauge(
                            "nats.jetstream.consumers",
                            "{consumer}",
                            jsz.path("consumers").asDouble()));
            out.add(
                    Sample.gauge(
                            "nats.jetstream.messages",
                            "{message}",
                            jsz.path("messages").asDouble()));
            out.add(Sample.gauge("nats.jetstream.storage", "By", jsz.path("bytes").asDouble()));
        }
        return out;
    }
}
