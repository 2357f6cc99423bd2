package io.aimonitor.agent.probe;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.agent.collect.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RabbitMQ through its management API: totals (messages ready and unacknowledged, publish and
 * deliver rates, connections, channels, consumers, queues) and per queue depth, consumers and
 * rates.
 */
final class RabbitMqTarget implements Target {
    private final HttpJson api;

    RabbitMqTarget(String url, String user, String password) {
        this.api = new HttpJson(url, user, password);
    }

    @Override
    public List<Sample> read() throws IOException, InterruptedException {
        List<Sample> out = new ArrayList<>();
        JsonNode overview = api.get("/api/overview");
        JsonNode totals = overview.path("queue_totals");
        out.add(
                Sample.gauge(
                        "rabbitmq.messages",
                        "{message}",
                        totals.path("messages_ready").asDouble(),
                        "state",
                        "ready"));
        out.add(
                Sample.gauge(
                        "rabbitmq.messages",
                        "{message}",
                        totals.path("messages_unacknowledged").asDouble(),
                        "state",
                        "unacknowledged"));
        JsonNode stats = overview.path("message_stats");
        out.add(
                Sample.gauge(
                        "rabbitmq.messages.rate",
                        "{message}/s",
                        stats.path("publish_details").path("rate").asDouble(),
                        "operation",
                        "publish"));
        out.add(
                Sample.gauge(
                        "rabbitmq.messages.rate",
                        "{message}/s",
                        stats.path("deliver_get_details").path("rate").asDouble(),
                        "operation",
                        "deliver"));
        JsonNode objects = overview.path("object_totals");
        for (String kind : new String[] {"connections", "channels", "consumers", "queues"}) {
            out.add(
                    Sample.gauge(
                            "rabbitmq." + kind, "{" + kind + "}", objects.path(kind).asDouble()));
        }
        for (JsonNode q :
                api.get(
                        "/api/queues?columns=name,vhost,messages,messages_ready,messages_unacknowledged,consumers,message_stats")) {
            String[] at = {
                "rabbitmq.queue.name",
                q.path("name").asText(),
                "rabbitmq.vhost",
                q.path("vhost").asText()
            };
            out.add(
                    Sample.gauge(
                            "rabbitmq.queue.messages",
                            "{message}",
                            q.path("messages").asDouble(),
                            at));
            out.add(
                    Sample.gauge(
                            "rabbitmq.queue.consumers",
                            "{consumer}",
                            q.path("consumers").asDouble(),
                            at));
            JsonNode rates = q.path("message_stats");
            if (rates.has("publish_details")) {
                out.add(
                        Sample.gauge(
                                "rabbitmq.queue.publish.rate",
                                "{message}/s",
                                rates.path("publish_details").path("rate").asDouble(),
                                at));
            }
        }
        return out;
    }
}
