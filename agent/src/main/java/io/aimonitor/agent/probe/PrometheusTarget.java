package io.aimonitor.agent.probe;

import io.aimonitor.agent.collect.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Scrapes a Prometheus {@code /metrics} endpoint (text format), so any exporter can be read. */
final class PrometheusTarget implements Target {
    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    private final URI url;

    PrometheusTarget(String url) {
        this.url = URI.create(url);
    }

    @Override
    public List<Sample> read() throws IOException, InterruptedException {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(url)
                                .header("Accept", "text/plain;version=0.0.4")
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " from " + url);
        }
        return PrometheusText.parse(r.body());
    }
}
