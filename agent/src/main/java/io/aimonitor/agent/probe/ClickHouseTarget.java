package io.aimonitor.agent.probe;

import io.aimonitor.agent.collect.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ClickHouse over its HTTP interface: a subset of {@code system.metrics} (gauges), {@code
 * system.events} (counters) and {@code system.asynchronous_metrics}, the ones an operator watches.
 */
final class ClickHouseTarget implements Target {
    private static final String METRICS =
            "SELECT metric, toFloat64(value) FROM system.metrics WHERE metric IN"
                    + " ('Query','Merge','TCPConnection','HTTPConnection','MemoryTracking','ReplicatedChecks','DelayedInserts')";
    private static final String EVENTS =
            "SELECT event, toFloat64(value) FROM system.events WHERE event IN"
                    + " ('Query','SelectQuery','InsertQuery','FailedQuery','InsertedRows','InsertedBytes','MergedRows','RejectedInserts')";
    private static final String ASYNC =
            "SELECT metric, toFloat64(value) FROM system.asynchronous_metrics WHERE metric IN"
                    + " ('Uptime','MaxPartCountForPartition','NumberOfDatabases','NumberOfTables','TotalRowsOfMergeTreeTables')";

    private static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();

    private final String url;
    private final String user;
    private final String password;

    ClickHouseTarget(String url, String user, String password) {
        this.url = url.replaceAll("/+$", "");
        this.user = user.isEmpty() ? "default" : user;
        this.password = password;
    }

    @Override
    public List<Sample> read() throws IOException, InterruptedException {
        List<Sample> out = new ArrayList<>();
        for (String[] row : rows(METRICS)) {
            out.add(
                    Sample.gauge(
                            "clickhouse.metric",
                            "1",
                            Double.parseDouble(row[1]),
                            "metric",
                            row[0]));
        }
        for (String[] row : rows(EVENTS)) {
            out.add(
                    Sample.counter(
                            "clickhouse.event", "1", Double.parseDouble(row[1]), "event", row[0]));
        }
        try {
            for (String[] row : rows(ASYNC)) {
                out.add(
                        Sample.gauge(
                                "clickhouse.async_metric",
                                "1",
                                Double.parseDouble(row[1]),
                                "metric",
                                row[0]));
            }
        } catch (IOException noServerMetrics) {
            // embedded engines (chDB, clickhouse-local) have no asynchronous metrics
        }
        return out;
    }

    private List<String[]> rows(String sql) throws IOException, InterruptedException {
        HttpResponse<String> r =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                url
                                                        + "/?query="
                                                        + URLEncoder.encode(
                                                                sql + " FORMAT TabSeparated",
                                                                StandardCharsets.UTF_8)))
                                .header("X-ClickHouse-User", user)
                                .header("X-ClickHouse-Key", password)
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(
                    "HTTP " + r.statusCode() + " " + r.body().lines().findFirst().orElse(""));
        }
        List<String[]> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 2) {
                out.add(f);
            }
        }
        return out;
    }
}
