package io.aimonitor.store;

import java.io.Serializable;

/**
 * Which engine holds telemetry and how to reach it. Serializable so Flink sinks can carry it to
 * their task managers.
 *
 * @param engine {@code chdb} (in-process) or {@code clickhouse} (a server over HTTP)
 * @param database the database holding AIMonitor's tables
 * @param chdbPath data directory of the in-process engine
 * @param chdbLibrary libchdb to load; null to use (and fill) the cache
 * @param chdbConnections connections in the in-process engine's pool
 * @param chdbMaxMemoryBytes memory cap of the in-process engine
 * @param url ClickHouse server HTTP endpoint, e.g. http://clickhouse:8123
 * @param user ClickHouse user
 * @param password ClickHouse password (never logged)
 */
public record StoreConfig(
        String engine,
        String database,
        String chdbPath,
        String chdbLibrary,
        int chdbConnections,
        long chdbMaxMemoryBytes,
        String url,
        String user,
        String password)
        implements Serializable {

    public static final String CHDB = "chdb";
    public static final String CLICKHOUSE = "clickhouse";

    public StoreConfig {
        if (!CHDB.equals(engine) && !CLICKHOUSE.equals(engine)) {
            throw new IllegalArgumentException(
                    "store engine must be 'chdb' or 'clickhouse', not '" + engine + "'");
        }
        Sql.checkIdentifier(database);
    }

    public static StoreConfig chdb(String path, String database) {
        return new StoreConfig(CHDB, database, path, null, 4, 1536L << 20, null, null, null);
    }

    public static StoreConfig clickhouse(
            String url, String user, String password, String database) {
        return new StoreConfig(CLICKHOUSE, database, null, null, 0, 0, url, user, password);
    }

    public StoreConfig withDatabase(String otherDatabase) {
        return new StoreConfig(
                engine,
                otherDatabase,
                chdbPath,
                chdbLibrary,
                chdbConnections,
                chdbMaxMemoryBytes,
                url,
                user,
                password);
    }

    @Override
    public String toString() {
        return CHDB.equals(engine)
                ? "chdb:" + chdbPath + "/" + database
                : url + "/" + database + " as " + user;
    }
}
