package io.aimonitor.api.support;

import io.aimonitor.api.ApiServer;
import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.config.ConfigLoader;
import io.aimonitor.api.ingest.IngestCounters;
import io.aimonitor.api.ingest.KafkaPublisher;
import io.aimonitor.api.query.MetricQueryService;
import io.aimonitor.store.TelemetryStore;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A real API server on a free port, with real Kafka and store, and a plain HTTP client. */
public final class TestApi implements AutoCloseable {
    public final AimonitorConfig config;
    public final KafkaPublisher publisher;
    public final IngestCounters counters = new IngestCounters();
    private final Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    public TestApi(String bootstrapServers, TelemetryStore store, String... flags) {
        String[] args = new String[flags.length + 1];
        System.arraycopy(flags, 0, args, 0, flags.length);
        args[flags.length] = "--kafka.bootstrap-servers=" + bootstrapServers;
        config = ConfigLoader.load(args, Map.of(), Path.of("target"));
        publisher =
                new KafkaPublisher(
                        bootstrapServers,
                        config.kafka().ingestTimeout(),
                        config.kafka().maxRecordBytes());
        app =
                ApiServer.create(
                                new ApiServer.Dependencies(
                                        config,
                                        publisher,
                                        new MetricQueryService(store),
                                        counters,
                                        List.of()))
                        .start("127.0.0.1", 0);
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + app.port() + pathAndQuery);
    }

    public HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        app.stop();
        publisher.close();
    }
}
