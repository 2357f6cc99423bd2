package io.aimonitor.store.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.store.JsonEachRow;
import io.aimonitor.store.QueryParameters;
import io.aimonitor.store.Sql;
import io.aimonitor.store.StoreException;
import io.aimonitor.store.StoreUnavailableException;
import io.aimonitor.store.TelemetryStore;
import java.io.ByteArrayInputStream;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A ClickHouse server over HTTP (client-v2), for production. The SQL is the same as chDB's; only
 * this transport differs.
 */
public final class ClickHouseServerStore implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 120;
    private final Client client;

    public ClickHouseServerStore(String url, String user, String password) {
        this.client =
                new Client.Builder()
                        .addEndpoint(url)
                        .setUsername(user == null ? "default" : user)
                        .setPassword(password == null ? "" : password)
                        .compressServerResponse(true)
                        .setConnectTimeout(10, ChronoUnit.SECONDS)
                        .setSocketTimeout(TIMEOUT_SECONDS, ChronoUnit.SECONDS)
                        .setMaxConnections(16)
                        .build();
    }

    byte[] query(String database, String sql, Map<String, String> params) {
        QuerySettings settings =
                new QuerySettings().setFormat(ClickHouseFormat.JSONEachRow).setDatabase(database);
        try (QueryResponse response =
                client.query(sql, new HashMap<>(QueryParameters.escaped(params)), settings)
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            return response.getInputStream().readAllBytes();
        } catch (Exception e) {
            throw translate(e, sql);
        }
    }

    void insert(
            String database,
            String table,
            List<String> columns,
            byte[] data,
            int length,
            String token) {
        InsertSettings settings = new InsertSettings().setDatabase(database);
        if (token != null) {
            settings.setDeduplicationToken(token);
        }
        try (InsertResponse ignored =
                client.insert(
                                Sql.checkIdentifier(table),
                                new ByteArrayInputStream(data, 0, length),
                                ClickHouseFormat.RowBinary,
                                settings)
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            // written
        } catch (Exception e) {
            throw translate(e, "INSERT INTO " + table);
        }
    }

    private static StoreException translate(Exception e, String sql) {
        Throwable cause =
                e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ServerException server) {
            return new StoreException(
                    "ClickHouse error " + server.getCode() + ": " + server.getMessage(), server);
        }
        if (cause instanceof ClientException || cause instanceof TimeoutException) {
            return new StoreUnavailableException(
                    "ClickHouse unreachable: " + cause.getMessage(), cause);
        }
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new StoreException("ClickHouse statement failed: " + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        client.close();
    }

    /** One database's view of the shared client. */
    public static final class Handle implements TelemetryStore {
        private final ClickHouseServerStore server;
        private final String database;
        private final Runnable onClose;
        private final AtomicBoolean closed = new AtomicBoolean();

        public Handle(ClickHouseServerStore server, String database, Runnable onClose) {
            this.server = server;
            this.database = Sql.checkIdentifier(database);
            this.onClose = onClose;
        }

        @Override
        public String database() {
            return database;
        }

        @Override
        public void execute(String sql) {
            server.query("default", sql, Map.of());
        }

        @Override
        public List<JsonNode> query(String sql, Map<String, String> params) {
            return JsonEachRow.parse(server.query("default", sql, params));
        }

        @Override
        public void insertRowBinary(
                String table, List<String> columns, byte[] data, int length, String dedupToken) {
            server.insert(database, table, columns, data, length, dedupToken);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                onClose.run();
            }
        }
    }
}
