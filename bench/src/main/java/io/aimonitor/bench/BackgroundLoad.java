package io.aimonitor.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;

/**
 * Steady OTLP ingest at a set rate from pre-serialized requests (see {@link OtlpLoad}), with a
 * bounded number of requests in flight.
 */
final class BackgroundLoad implements AutoCloseable {
    private final List<OtlpLoad.Template> templates;
    private final PacedSender sender;
    private final Thread thread = new Thread(this::run, "background-load");

    private BackgroundLoad(
            HttpClient http,
            StandaloneServer server,
            long rate,
            int series,
            int pointsPerRequest,
            int inFlight) {
        this.templates = OtlpLoad.templates(series, pointsPerRequest);
        this.sender =
                new PacedSender(
                        http,
                        URI.create(server.url + "/v1/metrics"),
                        server.auth.ingestHeader(),
                        rate,
                        inFlight);
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
        long startNanos = System.currentTimeMillis() * 1_000_000L;
        try {
            for (long round = 0; !Thread.currentThread().isInterrupted(); round++) {
                for (OtlpLoad.Template t : templates) {
                    sender.send(
                            t.stamp(System.currentTimeMillis() * 1_000_000L, startNanos, round),
                            t.points);
                }
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    long accepted() {
        return sender.accepted();
    }

    long failed() {
        return sender.failed();
    }

    /** Stops sending and waits for the requests in flight. */
    void stopAndWait() throws InterruptedException {
        thread.interrupt();
        thread.join();
        sender.drain();
    }

    double acceptedRate() {
        return sender.acceptedRate();
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
