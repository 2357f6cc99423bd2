package io.aimonitor.api.ai.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local HTTP server speaking a model provider's protocol - OpenAI chat completions or Anthropic
 * messages - answering with whatever {@code answer} makes of each request's last user message, and
 * recording every request (headers and JSON body).
 */
final class FakeProvider implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    record Request(String path, Map<String, List<String>> headers, JsonNode body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    enum Protocol {
        OPENAI("/v1/chat/completions"),
        ANTHROPIC("/v1/messages");

        final String path;

        Protocol(String path) {
            this.path = path;
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final Protocol protocol;
    volatile long delayMs;

    /** How many of the next requests are answered 503, as an overloaded provider does. */
    final java.util.concurrent.atomic.AtomicInteger failNext =
            new java.util.concurrent.atomic.AtomicInteger();

    FakeProvider(Protocol protocol, Function<Request, String> answer) throws IOException {
        this.protocol = protocol;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                    Request request =
                            new Request(
                                    exchange.getRequestURI().getPath(),
                                    Map.copyOf(exchange.getRequestHeaders()),
                                    body);
                    requests.add(request);
                    try {
                        Thread.sleep(delayMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    boolean overloaded = failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
                    byte[] reply =
                            overloaded
                                    ? "{\"error\": {\"message\": \"overloaded\"}}"
                                            .getBytes(StandardCharsets.UTF_8)
                                    : JSON.writeValueAsBytes(envelope(answer.apply(request)));
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    try {
                        exchange.sendResponseHeaders(overloaded ? 503 : 200, reply.length);
                        exchange.getResponseBody().write(reply);
                    } catch (IOException closed) {
                        // the client gave up (timeout test)
                    }
                    exchange.close();
                });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private Map<String, Object> envelope(String text) {
        if (protocol == Protocol.OPENAI) {
            return Map.of(
                    "id",
                    "chatcmpl-1",
                    "object",
                    "chat.completion",
                    "created",
                    1764115200,
                    "model",
                    "test-model",
                    "choices",
                    List.of(
                            Map.of(
                                    "index",
                                    0,
                                    "message",
                                    Map.of("role", "assistant", "content", text),
                                    "finish_reason",
                                    "stop")),
                    "usage",
                    Map.of("prompt_tokens", 1200, "completion_tokens", 150, "total_tokens", 1350));
        }
        return Map.of(
                "id", "msg_1",
                "type", "message",
                "role", "assistant",
                "model", "test-model",
                "content", List.of(Map.of("type", "text", "text", text)),
                "stop_reason", "end_turn",
                "usage", Map.of("input_tokens", 1100, "output_tokens", 140));
    }

    static String lastUserText(Request r) {
        JsonNode messages = r.body().path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        JsonNode content = last.path("content");
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(c -> text.append(c.path("text").asText()));
            return text.toString();
        }
        return content.asText();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static String body(Object o) {
        try {
            return new String(JSON.writeValueAsBytes(o), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
