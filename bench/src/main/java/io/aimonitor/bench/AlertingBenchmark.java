package io.aimonitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * Alerting as an operator sees it, against a standalone AIMonitor: (1) sample-to-alert latency - a
 * probe series crosses a threshold every 250 ms, and each sample's send time is matched to the
 * alert event it causes on the live WebSocket, and to the webhook notification it causes
 * (group_wait 0, one group per alert) on a local receiver; (2) rule update propagation - a rule's
 * condition is changed through the API and the time until its running alert is reset (an event on
 * the WebSocket) is measured. Optionally under background ingest load ({@code --background-rate}).
 *
 * <pre>
 * java -cp bench/target/classes:... io.aimonitor.bench.AlertingBenchmark --duration 60 --updates 20 [--background-rate 50000]
 * </pre>
 */
public final class AlertingBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Received(long nanos, JsonNode event) {}

    private final HttpClient http;
    private final StandaloneServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final WebhookSink webhook;

    private AlertingBenchmark(HttpClient http, StandaloneServer server, WebhookSink webhook) {
        this.http = http;
        this.server = server;
        this.webhook = webhook;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = StandaloneServer.options(args);
        int seconds = Integer.parseInt(o.getOrDefault("duration", "60"));
        int updates = Integer.parseInt(o.getOrDefault("updates", "20"));
        long background = Long.parseLong(o.getOrDefault("background-rate", "0"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // the webhook receiver is on loopback, which channels may reach only when allowed
        o.merge("server-args", "--notifications.allowed-hosts=127.0.0.1", (a, b) -> a + " " + b);
        try (WebhookSink webhook = new WebhookSink();
                StandaloneServer server = StandaloneServer.start(o, http);
                BackgroundLoad load =
                        background > 0
                                ? BackgroundLoad.start(
                                        http,
                                        server,
                                        background,
                                        Integer.parseInt(o.getOrDefault("series", "100000")),
                                        2000,
                                        8)
                                : null) {
            AlertingBenchmark bench = new AlertingBenchmark(http, server, webhook);
            WebSocket socket = bench.listen();
            bench.notifyEveryAlertAtOnce();
            Map<Long, Long> sentAt = new ConcurrentHashMap<>();
            Histogram latency = bench.sampleToAlert(Duration.ofSeconds(seconds), sentAt);
            Histogram delivered = bench.sampleToWebhook(sentAt);
            Histogram propagation = bench.ruleUpdates(updates);
            socket.abort();
            System.out.println();
            if (load != null) {
                System.out.printf(
                        "background load    %,d points/s offered, %,.0f accepted%n",
                        background, load.acceptedRate());
            }
            print("sample to alert   ", latency);
            print("sample to webhook ", delivered);
            print("rule update       ", propagation);
        }
    }

    private static void print(String what, Histogram h) {
        System.out.printf(
                "%s p50 %d ms, p99 %d ms, max %d ms (%d)%n",
                what,
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(99),
                h.getMaxValue(),
                h.getTotalCount());
    }

    private WebSocket listen() {
        URI ws =
                URI.create(
                        server.url.replace("http://", "ws://")
                                + "/ws?access_token="
                                + server.auth.adminToken());
        return HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(
                        ws,
                        new WebSocket.Listener() {
                            private final StringBuilder partial = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(
                                    WebSocket socket, CharSequence data, boolean last) {
                                long at = System.nanoTime();
                                partial.append(data);
                                if (last) {
                                    try {
                                        received.add(
                                                new Received(
                                                        at, JSON.readTree(partial.toString())));
                                    } catch (Exception e) {
                                        // not an event
                                    }
                                    partial.setLength(0);
                                }
                                socket.request(1);
                                return null;
                            }
                        })
                .join();
    }

    /** Fires and resolves probe series (threshold 0.5) and times each resulting event. */
    private Histogram sampleToAlert(Duration duration, Map<Long, Long> sentAt) throws Exception {
        String rule =
                createRule(
                        "{\"name\":\"bench latency\",\"selector\":{\"metric\":\"bench.alert_probe\"},"
                                + "\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":0.5}}");
        long last = 0;
        long warmUpUntil = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int k = 0; find(e -> rule.equals(e.path("rule_id").asText())) == null; k++) {
            if (System.nanoTime() > warmUpUntil) {
                throw new IllegalStateException("the probe rule never fired");
            }
            last = sendProbe("bench.alert_probe", "warm-up-" + k, 1, last);
            Thread.sleep(250);
        }
        received.clear();
        webhook.received.clear();
        long end = System.nanoTime() + duration.toNanos();
        for (int k = 0; System.nanoTime() < end; k++) {
            long sent = System.nanoTime();
            last = sendProbe("bench.alert_probe", "probe-" + k / 2, k % 2 == 0 ? 1 : 0, last);
            sentAt.put(last, sent);
            Thread.sleep(250);
        }
        Thread.sleep(5_000);
        Histogram h = new Histogram(3_600_000L, 3);
        for (Received r : received) {
            if (rule.equals(r.event().path("rule_id").asText())) {
                Long sent = sentAt.get(r.event().path("event_time").asLong());
                if (sent != null) {
                    h.recordValue(Math.max(0, (r.nanos() - sent) / 1_000_000));
                }
            }
        }
        return h;
    }

    /** A webhook channel for every alert, its own group, notified without waiting. */
    private void notifyEveryAlertAtOnce() throws Exception {
        HttpResponse<String> channel =
                request(
                        "POST",
                        "/api/v1/channels",
                        "{\"name\":\"bench-hook\",\"type\":\"webhook\",\"config\":{\"url\":\""
                                + webhook.url()
                                + "\"}}");
        HttpResponse<String> policy =
                request(
                        "PUT",
                        "/api/v1/notification-policy",
                        "{\"route\":{\"receiver\":\"bench\",\"group_by\":[\"...\"],\"group_wait\":\"0s\","
                                + "\"group_interval\":\"1s\"},"
                                + "\"receivers\":[{\"name\":\"bench\",\"channels\":[\"bench-hook\"]}]}");
        if (channel.statusCode() != 201 || policy.statusCode() != 200) {
            throw new IllegalStateException(
                    "setting up notifications answered " + channel.body() + " " + policy.body());
        }
    }

    /** Times each firing notification from the sample that started the alert. */
    private Histogram sampleToWebhook(Map<Long, Long> sentAt) {
        Histogram h = new Histogram(3_600_000L, 3);
        for (WebhookSink.Delivery d : webhook.received) {
            for (JsonNode alert : d.body().path("alerts")) {
                if (!"firing".equals(alert.path("status").asText())) {
                    continue;
                }
                Long sent =
                        sentAt.get(
                                java.time.Instant.parse(alert.path("starts_at").asText())
                                        .toEpochMilli());
                if (sent != null) {
                    h.recordValue(Math.max(0, (d.nanos() - sent) / 1_000_000));
                }
            }
        }
        return h;
    }

    /** Changes a firing rule's threshold and times the reset event the change causes. */
    private Histogram ruleUpdates(int updates) throws Exception {
        String rule =
                createRule(
                        "{\"name\":\"bench update\",\"selector\":{\"metric\":\"bench.update_probe\"},"
                                + "\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":0.5}}");
        Thread sender =
                new Thread(
                        () -> {
                            long last = 0;
                            while (!Thread.currentThread().isInterrupted()) {
                                try {
                                    last = sendProbe("bench.update_probe", "probe", 1, last);
                                    Thread.sleep(100);
                                } catch (InterruptedException e) {
                                    return;
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                        });
        sender.start();
        Histogram h = new Histogram(3_600_000L, 3);
        try {
            long version = 1;
            for (int i = 0; i < updates; i++) {
                long firingVersion = version;
                await(
                        e ->
                                rule.equals(e.path("rule_id").asText())
                                        && "firing".equals(e.path("state").asText())
                                        && e.path("rule_version").asLong() == firingVersion);
                double threshold = i % 2 == 0 ? 0.4 : 0.5;
                long sent = System.nanoTime();
                HttpResponse<String> r =
                        request(
                                "PUT",
                                "/api/v1/rules/" + rule,
                                "{\"name\":\"bench update\",\"selector\":{\"metric\":\"bench.update_probe\"},"
                                        + "\"condition\":{\"type\":\"threshold\",\"op\":\">\",\"value\":"
                                        + threshold
                                        + "}}");
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("rule update answered " + r.body());
                }
                long resetVersion = version;
                Received reset =
                        await(
                                e ->
                                        rule.equals(e.path("rule_id").asText())
                                                && "rule changed".equals(e.path("reason").asText())
                                                && e.path("rule_version").asLong() == resetVersion);
                h.recordValue((reset.nanos() - sent) / 1_000_000);
                version++;
            }
        } finally {
            sender.interrupt();
        }
        return h;
    }

    private Received await(Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Received r = find(wanted);
            if (r != null) {
                return r;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no such alert event within 60 s");
    }

    private Received find(Predicate<JsonNode> wanted) {
        for (Received r : received) {
            if (wanted.test(r.event())) {
                return r;
            }
        }
        return null;
    }

    private String createRule(String json) throws Exception {
        HttpResponse<String> r = request("POST", "/api/v1/rules", json);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating the rule answered " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asText();
    }

    private HttpResponse<String> request(String method, String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.url + path))
                        .header("Authorization", server.auth.queryHeader())
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends one probe point stamped now (strictly after {@code last}); returns its time. */
    private long sendProbe(String metric, String host, double value, long last) throws Exception {
        long t = Math.max(System.currentTimeMillis(), last + 1);
        String body =
                "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\""
                        + host
                        + "\"}}]},\"scopeMetrics\":[{\"metrics\":[{\"name\":\""
                        + metric
                        + "\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\""
                        + t * 1_000_000L
                        + "\",\"asDouble\":"
                        + value
                        + "}]}}]}]}]}";
        HttpResponse<Void> r =
                http.send(
                        HttpRequest.newBuilder(URI.create(server.url + "/v1/metrics"))
                                .header("Authorization", server.auth.ingestHeader())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("ingest answered " + r.statusCode());
        }
        return t;
    }
}
