package io.aimonitor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

/** Steady OTLP ingest at a set rate, in the background of another measurement. */
final class BackgroundLoad implements AutoCloseable {
    private final HttpClient http;
    private final StandaloneServer server;
    private final List<OtlpLoad.Template> templates;
    private final long rate;
    private final Semaphore slots = new Semaphore(8);
    private final LongAdder accepted = new LongAdder();
    private final long startedNanos = System.nanoTime();
    private final Thread thread = new Thread(this::run, "background-load");

    private BackgroundLoad(HttpClient http, StandaloneServer server, long rate, int series) {
        this.http = http;
        this.server = server;
        this.rate = rate;
        this.templates = OtlpLoad.templates(series, 2000);
    }

    static BackgroundLoad start(HttpClient http, StandaloneServer server, long rate, int series) {
        BackgroundLoad load = new BackgroundLoad(http, server, rate, series);
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
                                        }
                                    });
                    sent += points;
                }
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    double acceptedRate() {
        return accepted.sum() / ((System.nanoTime() - startedNanos) / 1e9);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
