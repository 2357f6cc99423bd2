package io.aimonitor.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client (java.net.http) on the live alert stream, collecting what it receives.
 */
public final class AlertStreamClient implements WebSocket.Listener, AutoCloseable {
    public final List<JsonNode> received = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    private final boolean reading;
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private AlertStreamClient(boolean reading) {
        this.reading = reading;
    }

    /** Connects; {@code reading=false} never asks for a message (a stalled client). */
    public static AlertStreamClient connect(URI uri, Map<String, String> headers, boolean reading) {
        AlertStreamClient client = new AlertStreamClient(reading);
        WebSocket.Builder builder =
                HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(uri, client).join();
        return client;
    }

    /** The HTTP status a refused upgrade answered, or -1 when the upgrade succeeded. */
    public static int refusalStatus(URI uri, Map<String, String> headers) {
        try {
            connect(uri, headers, true).close();
            return -1;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reading) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode message = TestApi.json(partial.toString());
                synchronized (received) {
                    received.add(message);
                    received.notifyAll();
                }
            } catch (Exception e) {
                throw new IllegalStateException("not JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedWith.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closedWith.completeExceptionally(error);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Starts reading (for a client created with {@code reading=false}). */
    public void resume() {
        socket.request(Long.MAX_VALUE);
    }

    /** Waits until at least {@code count} messages arrived. */
    public List<JsonNode> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (received.size() < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError(
                            "expected "
                                    + count
                                    + " messages within "
                                    + timeout
                                    + ", got "
                                    + received);
                }
                received.wait(left);
            }
        }
        return received;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
