package io.aimonitor.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered, append-only ClickHouse migrations of the schemas module (listed in {@code
 * clickhouse/migrations.list}) and then brings table TTLs in line with the configured retention. An
 * applied migration whose text changed stops start-up: migrations are never edited, only added.
 */
public final class ClickHouseSchema {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSchema.class);
    private static final String RESOURCE_DIR = "clickhouse/";

    /** Tables whose TTL follows {@link Retention}, with the TTL expression for N days. */
    private static final Map<String, String> TTL_BY_TABLE =
            Map.of(
                    "samples", "toDateTime(ts) + toIntervalDay(%d)",
                    "histograms", "toDateTime(ts) + toIntervalDay(%d)",
                    "series", "toDateTime(last_seen) + toIntervalDay(%d)",
                    "samples_1m", "ts + toIntervalDay(%d)",
                    "histograms_1m", "ts + toIntervalDay(%d)",
                    "samples_1h", "ts + toIntervalDay(%d)",
                    "histograms_1h", "ts + toIntervalDay(%d)",
                    "alert_bands_1m", "toDateTime(ts) + toIntervalDay(%d)");

    public record Migration(int version, String name, String template) {
        String checksum() {
            try {
                byte[] digest =
                        MessageDigest.getInstance("SHA-256")
                                .digest(template.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        List<String> statements(String database, Retention retention) {
            String sql =
                    template.replace("${database}", database)
                            .replace(
                                    "${samples_ttl_days}",
                                    Integer.toString(retention.samplesDays()))
                            .replace(
                                    "${rollup_1m_ttl_days}",
                                    Integer.toString(retention.rollup1mDays()))
                            .replace(
                                    "${rollup_1h_ttl_days}",
                                    Integer.toString(retention.rollup1hDays()));
            List<String> statements = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : sql.split("\n")) {
                if (line.strip().startsWith("--")) {
                    continue;
                }
                current.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    String statement = current.toString().strip();
                    statements.add(statement.substring(0, statement.length() - 1));
                    current.setLength(0);
                }
            }
            if (!current.toString().isBlank()) {
                statements.add(current.toString().strip());
            }
            return statements;
        }
    }

    private ClickHouseSchema() {}

    public static List<Migration> migrations() {
        List<Migration> migrations = new ArrayList<>();
        for (String file : resource("migrations.list").split("\n")) {
            file = file.strip();
            if (file.isEmpty()) {
                continue;
            }
            if (!file.matches("V\\d{4}__\\w+\\.sql")) {
                throw new IllegalStateException("bad migration file name " + file);
            }
            int version = Integer.parseInt(file.substring(1, 5));
            if (version != migrations.size() + 1) {
                throw new IllegalStateException("migration " + file + " is out of sequence");
            }
            migrations.add(new Migration(version, file, resource(file)));
        }
        return migrations;
    }

    /** Creates the database if needed, applies pending migrations, then reconciles TTLs. */
    public static void migrate(TelemetryStore store, Retention retention) {
        String db = store.database();
        store.execute("CREATE DATABASE IF NOT EXISTS " + db);
        store.execute(
                "CREATE TABLE IF NOT EXISTS "
                        + db
                        + ".schema_migrations (version UInt32, name String, checksum String,"
                        + " applied_at DateTime64(3, 'UTC') DEFAULT now64(3))"
                        + " ENGINE = ReplacingMergeTree ORDER BY version");
        Map<Integer, List<String>> applied = new HashMap<>();
        for (JsonNode row :
                store.query(
                        "SELECT version, groupUniqArray(checksum) AS checksums FROM "
                                + db
                                + ".schema_migrations GROUP BY version")) {
            List<String> checksums = new ArrayList<>();
            row.path("checksums").forEach(c -> checksums.add(c.asText()));
            applied.put(row.path("version").asInt(), checksums);
        }
        for (Migration m : migrations()) {
            String checksum = m.checksum();
            List<String> previous = applied.get(m.version());
            if (previous != null) {
                if (!previous.equals(List.of(checksum))) {
                    throw new IllegalStateException(
                            "ClickHouse migration "
                                    + m.name()
                                    + " was changed after it was applied; add a new migration instead");
                }
                continue;
            }
            for (String statement : m.statements(db, retention)) {
                store.execute(statement);
            }
            store.execute(
                    "INSERT INTO "
                            + db
                            + ".schema_migrations (version, name, checksum) VALUES ("
                            + m.version()
                            + ", "
                            + Sql.literal(m.name())
                            + ", "
                            + Sql.literal(checksum)
                            + ")");
            LOG.info("Applied ClickHouse migration {} to {}", m.name(), db);
        }
        applyRetention(store, retention);
    }

    private static void applyRetention(TelemetryStore store, Retention retention) {
        for (Map.Entry<String, String> e : TTL_BY_TABLE.entrySet()) {
            String table = e.getKey();
            int days =
                    table.equals("series")
                            ? retention.longestDays() // queries with matchers join it
                            : table.endsWith("_1m")
                                    ? retention.rollup1mDays()
                                    : table.endsWith("_1h")
                                            ? retention.rollup1hDays()
                                            : retention.samplesDays();
            String ttl = String.format(e.getValue(), days);
            List<JsonNode> rows =
                    store.query(
                            "SELECT engine_full FROM system.tables WHERE database = {db:String} AND name = {t:String}",
                            Map.of("db", store.database(), "t", table));
            String engine = rows.isEmpty() ? "" : rows.get(0).path("engine_full").asText();
            if (!engine.contains("TTL " + ttl)) {
                store.execute(
                        "ALTER TABLE " + store.database() + "." + table + " MODIFY TTL " + ttl);
                LOG.info("Retention of {} set to {} days", table, days);
            }
        }
    }

    private static String resource(String name) {
        try (InputStream in =
                ClickHouseSchema.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE_DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
