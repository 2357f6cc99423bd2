package io.aimonitor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/**
 * Steady OTLP ingest at a set rate from pre-serialized requests (see {@link OtlpLoad}), with a
 * bounded number of requests in flight.
 */
final class BackgroundLoad implements AutoCloseable {
    private final HttpClient http;
    private final StandaloneServer server;
    private final List<OtlpLoad.Template> templates;
    private final long rate;
    private final int inFlight;
    private final Semaphore slots;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final long startedNanos = System.nanoTime();
    private final Thread thread = new Thread(this::run, "background-load");

    private BackgroundLoad(
            HttpClient http,
            StandaloneServer server,
            long rate,
            int series,
            int pointsPerRequest,
            int inFlight) {
        this.http = http;
        this.server = server;
        this.rate = rate;
        this.templates = OtlpLoad.templates(series, pointsPerRequest);
        this.inFlight = inFlight;
        this.slots = new Semaphore(inFlight);
    }

    static BackgroundLoad start(
            HttpClient http,
            StandaloneServer server,
            long rate,
            int series,
            int pointsPerRequest,
            int inFlight) {
        BackgroundLoad load =
                new BackgroundLoad(http, server, rate, series, pointsPerRequest, inFlight);
        load.thread.setDaemon(true);
        load.thread.start();
        return load;
    }

    private void run() {
        URI ingest = URI.create(server.url + "/v1/metrics");
        long startNanos = System.currentTimeMillis() * 1_000_000L;
        long sent = 0;
        try {
            for (long round = 0; !Thread.currentThread().isInterrupted(); round++) {
                for (OtlpLoad.Template t : templates) {
                    long wait = startedNanos + (long) (sent * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    slots.acquire();
                    byte[] body =
                            t.stamp(System.currentTimeMillis() * 1_000_000L, startNanos, round);
                    int points = t.points;
                    http.sendAsync(
                                    HttpRequest.newBuilder(ingest)
                                            .header("Content-Type", "application/x-protobuf")
                                            .header("Authorization", server.auth.ingestHeader())
                                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .whenComplete(
                                    (r, e) -> {
                                        slots.release();
                                        if (e == null && r.statusCode() == 200) {
                                            accepted.add(points);
                                        } else {
                                            failed.add(points);
                                        }
                                    });
                    sent += points;
                }
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    long accepted() {
        return accepted.sum();
    }

    long failed() {
        return failed.sum();
    }

    /** Stops sending and waits for the requests in flight. */
    void stopAndWait() throws InterruptedException {
        thread.interrupt();
        thread.join();
        slots.acquire(inFlight);
        slots.release(inFlight);
    }

    double acceptedRate() {
        return accepted.sum() / ((System.nanoTime() - startedNanos) / 1e9);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
