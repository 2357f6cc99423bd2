package io.aimonitor.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.api.auth.AccessControl;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.shared.SharedState;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws}: alert events as they happen. One replica consumes the {@code alerts} topic (a shared
 * consumer group) and fans each event out through the shared state (Redis pub/sub across replicas),
 * so every connection on every replica sees it. Connections filter by severity and label; a client
 * that cannot keep up is disconnected rather than buffered without limit.
 */
public final class LiveAlerts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveAlerts.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MATCH = Pattern.compile("match\\[(.+)]");
    static final int MAX_PENDING = 256;

    private final SharedState fanout;
    private final List<String> allowedOrigins;
    private final AccessControl access;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, String> consumer;
    private final Thread consumerThread;
    private final String alertsTopic;
    private volatile boolean running = true;

    /** What one connection wants to see. */
    record Filter(Set<String> severities, Map<String, String> labels) {
        boolean accepts(JsonNode event) {
            if (!severities.isEmpty() && !severities.contains(event.path("severity").asText())) {
                return false;
            }
            for (Map.Entry<String, String> l : labels.entrySet()) {
                if (!l.getValue().equals(event.path("labels").path(l.getKey()).asText(null))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class Session {
        final WsContext ctx;
        volatile Filter filter;
        final AtomicInteger pending = new AtomicInteger();

        Session(WsContext ctx, Filter filter) {
            this.ctx = ctx;
            this.filter = filter;
        }
    }

    public LiveAlerts(
            SharedState fanout,
            String bootstrapServers,
            String alertsTopic,
            List<String> allowedOrigins,
            AccessControl access) {
        this.fanout = fanout;
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.access = access;
        fanout.subscribe(this::deliver);
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "aimonitor-api-live-alerts",
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "latest",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                true),
                        new StringDeserializer(),
                        new StringDeserializer());
        this.alertsTopic = alertsTopic;
        consumerThread = new Thread(this::consume, "live-alerts-consumer");
        consumerThread.setDaemon(true);
    }

    /** Starts reading the alerts topic. */
    public void start() {
        consumer.subscribe(List.of(alertsTopic));
        consumerThread.start();
    }

    public void register(ApiRoutes routes, io.javalin.config.JavalinConfig config) {
        config.routes.wsBeforeUpgrade("/ws", this::beforeUpgrade);
        routes.ws(
                "/ws",
                Role.VIEWER,
                "alerts",
                "Live alert events; filter with severity=... and match[label]=...",
                this::configure,
                "access_token",
                "severity",
                "match[label]");
    }

    /**
     * Authenticated at the upgrade; browsers must come from the server's own origin (the web UI) or
     * an allowed one, so that another site cannot open the stream with a user's credentials.
     */
    private void beforeUpgrade(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !allowedOrigins.contains(origin) && !sameOrigin(origin, ctx)) {
            throw new ApiException(
                    403,
                    "forbidden",
                    "origin " + origin + " is not allowed",
                    Map.of("origin", origin));
        }
        access.check(ctx);
    }

    private static boolean sameOrigin(String origin, Context ctx) {
        String host = ctx.header("Host");
        return host != null
                && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    private void configure(WsConfig ws) {
        ws.onConnect(
                ctx -> {
                    ctx.enableAutomaticPings();
                    sessions.put(ctx.sessionId(), new Session(ctx, filterOf(ctx.queryParamMap())));
                });
        ws.onMessage(
                ctx -> {
                    Session s = sessions.get(ctx.sessionId());
                    if (s != null) {
                        s.filter = filterOf(JSON.readTree(ctx.message()));
                        ctx.send("{\"type\":\"filter\",\"ok\":true}");
                    }
                });
        ws.onClose(ctx -> sessions.remove(ctx.sessionId()));
        ws.onError(ctx -> sessions.remove(ctx.sessionId()));
    }

    static Filter filterOf(Map<String, List<String>> params) {
        Set<String> severities = new HashSet<>();
        for (String s : params.getOrDefault("severity", List.of())) {
            for (String one : s.split(",")) {
                if (!one.isBlank()) {
                    severities.add(one.strip());
                }
            }
        }
        Map<String, String> labels = new HashMap<>();
        params.forEach(
                (k, v) -> {
                    Matcher m = MATCH.matcher(k);
                    if (m.matches() && !v.isEmpty()) {
                        labels.put(m.group(1), v.get(v.size() - 1));
                    }
                });
        return new Filter(severities, labels);
    }

    static Filter filterOf(JsonNode message) {
        Set<String> severities = new HashSet<>();
        message.path("severity").forEach(s -> severities.add(s.asText()));
        Map<String, String> labels = new HashMap<>();
        message.path("match")
                .properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new Filter(severities, labels);
    }

    private void consume() {
        while (running) {
            try {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        fanout.publish(r.value());
                    }
                }
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                LOG.warn("reading live alerts failed, retrying: {}", e.getMessage());
                sleepQuietly();
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    /** Sends an event to every matching local connection; drops connections that fall behind. */
    void deliver(String message) {
        JsonNode event;
        try {
            event = JSON.readTree(message);
        } catch (Exception e) {
            return;
        }
        for (Session s : sessions.values()) {
            if (!s.filter.accepts(event)) {
                continue;
            }
            if (s.pending.incrementAndGet() > MAX_PENDING) {
                sessions.remove(s.ctx.sessionId());
                s.ctx.closeSession(
                        1008, "client too slow: more than " + MAX_PENDING + " alerts unsent");
                continue;
            }
            s.ctx.session.sendText(
                    message,
                    Callback.from(
                            s.pending::decrementAndGet,
                            error -> sessions.remove(s.ctx.sessionId())));
        }
    }

    public int connections() {
        return sessions.size();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (!consumerThread.isAlive()) {
            consumer.close(Duration.ofSeconds(2));
            return;
        }
        consumer.wakeup();
        try {
            consumerThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
