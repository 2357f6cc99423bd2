package io.aimonitor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * POSTs OTLP protobuf bodies at a fixed rate of items (points, spans) per second, with a bounded
 * number of requests in flight, counting the items accepted (HTTP 200) and failed.
 */
final class PacedSender {
    private final HttpClient http;
    private final URI uri;
    private final String authorization;
    private final long ratePerSecond;
    private final int inFlight;
    private final Semaphore slots;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final long startedNanos = System.nanoTime();
    private long sent;

    PacedSender(HttpClient http, URI uri, String authorization, long ratePerSecond, int inFlight) {
        this.http = http;
        this.uri = uri;
        this.authorization = authorization;
        this.ratePerSecond = ratePerSecond;
        this.inFlight = inFlight;
        this.slots = new Semaphore(inFlight);
    }

    /** Waits for the body's turn and a free slot, then sends it without waiting for the answer. */
    void send(byte[] body, int items) throws InterruptedException {
        long wait = startedNanos + (long) (sent * 1e9 / ratePerSecond) - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        slots.acquire();
        http.sendAsync(
                        HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/x-protobuf")
                                .header("Authorization", authorization)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .whenComplete(
                        (r, e) -> {
                            slots.release();
                            if (e == null && r.statusCode() == 200) {
                                accepted.add(items);
                            } else {
                                failed.add(items);
                            }
                        });
        sent += items;
    }

    /** Waits for every request in flight. */
    void drain() throws InterruptedException {
        slots.acquire(inFlight);
        slots.release(inFlight);
    }

    long accepted() {
        return accepted.sum();
    }

    long failed() {
        return failed.sum();
    }

    double acceptedRate() {
        return accepted.sum() / ((System.nanoTime() - startedNanos) / 1e9);
    }
}
