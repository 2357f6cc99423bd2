package io.aimonitor.agent.ship;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/** A real OTLP/HTTP receiver on loopback that keeps every request it accepted. */
final class OtlpReceiver implements AutoCloseable {
    final List<ExportMetricsServiceRequest> received = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    OtlpReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(
                "/v1/metrics",
                ex -> {
                    try (InputStream in = new GZIPInputStream(ex.getRequestBody())) {
                        received.add(ExportMetricsServiceRequest.parseFrom(in));
                    }
                    authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
                    ex.sendResponseHeaders(200, -1);
                    ex.close();
                });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The value of every data point named {@code metric}, in arrival order. */
    List<Double> values(String metric) {
        return received.stream()
                .flatMap(r -> r.getResourceMetricsList().stream())
                .flatMap(rm -> rm.getScopeMetricsList().stream())
                .flatMap(sm -> sm.getMetricsList().stream())
                .filter(m -> m.getName().equals(metric))
                .flatMap(
                        m ->
                                m.hasSum()
                                        ? m.getSum().getDataPointsList().stream()
                                        : m.getGauge().getDataPointsList().stream())
                .map(p -> p.getAsDouble())
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
