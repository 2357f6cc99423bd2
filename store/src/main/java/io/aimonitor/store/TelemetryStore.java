package io.aimonitor.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Where telemetry lives: a ClickHouse engine, in-process (chDB) or a server. Every caller writes
 * the same ClickHouse SQL; tables are qualified with {@link #database()}. Values reach queries as
 * {@code {name:Type}} parameters, bound by the engine, never spliced into SQL text.
 */
public interface TelemetryStore extends AutoCloseable {

    /** The database holding AIMonitor's tables. */
    String database();

    /** Runs a statement that returns no rows (DDL, INSERT ... SELECT, ALTER). */
    void execute(String sql);

    /** Runs a SELECT and returns its rows, one JSON object per row. */
    default List<JsonNode> query(String sql) {
        return query(sql, Map.of());
    }

    /** Runs a SELECT with {@code {name:Type}} parameters bound from {@code params}. */
    List<JsonNode> query(String sql, Map<String, String> params);

    /**
     * Inserts RowBinary-encoded rows into {@code table} (columns in the given order). With a
     * non-null token, a repeated insert of the same token is deduplicated by the engine.
     */
    void insertRowBinary(
            String table, List<String> columns, byte[] data, int length, String dedupToken);

    /** Round-trips a trivial query; throws when the store cannot answer. */
    default void ping() {
        query("SELECT 1 AS ok");
    }

    /** Releases this handle; a shared engine stays open while other handles use it. */
    @Override
    void close();
}
