package io.aimonitor.store.chdb;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.store.JsonEachRow;
import io.aimonitor.store.QueryParameters;
import io.aimonitor.store.Sql;
import io.aimonitor.store.TelemetryStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** The telemetry store on the in-process chDB engine. */
public final class ChdbStore implements TelemetryStore {
    private final ChdbEngine engine;
    private final String database;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    public ChdbStore(ChdbEngine engine, String database, Runnable onClose) {
        this.engine = engine;
        this.database = Sql.checkIdentifier(database);
        this.onClose = onClose;
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public void execute(String sql) {
        engine.query(sql, "JSONEachRow", Map.of());
    }

    @Override
    public List<JsonNode> query(String sql, Map<String, String> params) {
        return JsonEachRow.parse(engine.query(sql, "JSONEachRow", QueryParameters.escaped(params)));
    }

    @Override
    public void insertRowBinary(
            String table, List<String> columns, byte[] data, int length, String dedupToken) {
        engine.insert(
                Sql.insertStatement(database, table, columns, dedupToken),
                "RowBinary",
                data,
                length);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }
}
