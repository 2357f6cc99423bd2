package io.aimonitor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.store.rowbinary.RowBinaryBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClickHouseSchemaITCase {
    /** The start of the previous hour: recent enough for every TTL, aligned for rollups. */
    private static final long T0 =
            java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toEpochMilli()
                    - 3_600_000L;

    private static final List<String> SAMPLE_COLUMNS =
            List.of("metric", "series_id", "ts", "value", "delta");

    private TelemetryStore store;

    @BeforeEach
    void migrateFreshDatabase() {
        store = TestStores.migratedStore("schema");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void bindsParameterValuesVerbatim() {
        for (String value :
                List.of("a\\b", "trailing\\", "tab\there", "two\nlines", "it's", "\\t")) {
            JsonNode row =
                    store.query(
                                    "SELECT {v:String} AS v, length({v:String}) AS n",
                                    Map.of("v", value))
                            .get(0);
            assertThat(row.path("v").asText()).as(value).isEqualTo(value);
            assertThat(row.path("n").asInt()).as(value).isEqualTo(value.length());
        }
    }

    @Test
    void listsEveryMigrationFileInSequence() throws Exception {
        Path dir = Path.of("..", "schemas", "src", "main", "resources", "clickhouse");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> onDisk =
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".sql"))
                            .sorted()
                            .collect(Collectors.toList());
            assertThat(ClickHouseSchema.migrations())
                    .extracting(ClickHouseSchema.Migration::name)
                    .containsExactlyElementsOf(onDisk);
        }
    }

    @Test
    void appliesAllMigrationsToAFreshEngineOnce() {
        List<JsonNode> tables =
                store.query(
                        "SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name",
                        Map.of("db", store.database()));
        assertThat(tables)
                .extracting(t -> t.path("name").asText())
                .contains(
                        "samples",
                        "staging_samples",
                        "histograms",
                        "staging_histograms",
                        "samples_1m",
                        "samples_1h",
                        "histograms_1m",
                        "histograms_1h",
                        "series",
                        "metric_metadata",
                        "alert_events",
                        "staging_alert_events",
                        "alert_bands_1m",
                        "staging_alert_bands_1m",
                        "schema_migrations");

        ClickHouseSchema.migrate(store, Retention.DEFAULT); // a second start changes nothing
        assertThat(
                        store.query(
                                        "SELECT count() AS n FROM "
                                                + store.database()
                                                + ".schema_migrations FINAL")
                                .get(0)
                                .path("n")
                                .asInt())
                .isEqualTo(ClickHouseSchema.migrations().size());
    }

    @Test
    void refusesAMigrationEditedAfterItWasApplied() {
        store.execute(
                "INSERT INTO "
                        + store.database()
                        + ".schema_migrations (version, name, checksum) VALUES (1, 'V0001__samples.sql', 'edited')");

        assertThatThrownBy(() -> ClickHouseSchema.migrate(store, Retention.DEFAULT))
                .hasMessageContaining("V0001__samples.sql was changed after it was applied");
    }

    @Test
    void retentionChangeUpdatesTableTtls() {
        ClickHouseSchema.migrate(store, new Retention(3, 10, 100));

        assertThat(engineOf("samples")).contains("TTL toDateTime(ts) + toIntervalDay(3)");
        assertThat(engineOf("samples_1m")).contains("TTL ts + toIntervalDay(10)");
        assertThat(engineOf("histograms_1h")).contains("TTL ts + toIntervalDay(100)");
        assertThat(engineOf("series"))
                .as("the series index outlives every resolution that joins it")
                .contains("TTL toDateTime(last_seen) + toIntervalDay(100)");
    }

    @Test
    void rollupsAggregateSamplesPerMinuteAndHour() {
        RowBinaryBuffer rows = new RowBinaryBuffer(256);
        // a counter's increases 0, 2, 3 within the first minute; a value at 01:01:00 in the next
        sample(rows, "requests", 7, T0 + 1_000, 10, 0);
        sample(rows, "requests", 7, T0 + 30_000, 12, 2);
        sample(rows, "requests", 7, T0 + 20_000, 4, 3); // out of order: not the last value
        sample(rows, "requests", 7, T0 + 61_000, 20, 5);
        store.insertRowBinary("samples", SAMPLE_COLUMNS, rows.array(), rows.size(), null);

        List<JsonNode> minutes =
                store.query(
                        "SELECT toUnixTimestamp(ts) AS t, sum(count) AS n, sum(sum) AS s, min(min) AS lo,"
                                + " max(max) AS hi, argMaxMerge(last) AS last, sum(delta) AS d,"
                                + " quantileTDigestMerge(0.5)(digest) AS p50"
                                + " FROM "
                                + store.database()
                                + ".samples_1m GROUP BY ts ORDER BY ts");
        assertThat(minutes).hasSize(2);
        JsonNode first = minutes.get(0);
        assertThat(first.path("n").asInt()).isEqualTo(3);
        assertThat(first.path("s").asDouble()).isEqualTo(26);
        assertThat(first.path("lo").asDouble()).isEqualTo(4);
        assertThat(first.path("hi").asDouble()).isEqualTo(12);
        assertThat(first.path("last").asDouble()).isEqualTo(12);
        assertThat(first.path("d").asDouble()).isEqualTo(5);
        assertThat(first.path("p50").asDouble()).isEqualTo(10);

        JsonNode hour =
                store.query(
                                "SELECT sum(count) AS n, sum(delta) AS d, argMaxMerge(last) AS last FROM "
                                        + store.database()
                                        + ".samples_1h")
                        .get(0);
        assertThat(hour.path("n").asInt()).isEqualTo(4);
        assertThat(hour.path("d").asDouble()).isEqualTo(10);
        assertThat(hour.path("last").asDouble()).isEqualTo(20);
    }

    @Test
    void seriesIndexKeepsLabelsAndFirstAndLastSeen() {
        RowBinaryBuffer rows = new RowBinaryBuffer(256);
        for (long seen : new long[] {T0 + 60_000, T0, T0 + 120_000}) {
            rows.string("cpu")
                    .uint64(42)
                    .stringMap(new String[] {"host", "web-1"})
                    .dateTime64Millis(seen)
                    .dateTime64Millis(seen)
                    .endRow();
        }
        store.insertRowBinary(
                "series",
                List.of("metric", "series_id", "labels", "first_seen", "last_seen"),
                rows.array(),
                rows.size(),
                null);

        JsonNode series =
                store.query(
                                "SELECT labels, toUnixTimestamp64Milli(first_seen) AS f,"
                                        + " toUnixTimestamp64Milli(last_seen) AS l FROM "
                                        + store.database()
                                        + ".series FINAL")
                        .get(0);
        assertThat(series.path("labels").path("host").asText()).isEqualTo("web-1");
        assertThat(series.path("f").asLong()).isEqualTo(T0);
        assertThat(series.path("l").asLong()).isEqualTo(T0 + 120_000);
    }

    @Test
    void insertWithTheSameTokenIsStoredOnceIncludingRollups() {
        RowBinaryBuffer rows = new RowBinaryBuffer(256);
        sample(rows, "cpu", 1, T0, 0.5, 0);
        sample(rows, "cpu", 1, T0 + 10_000, 0.7, 0);
        store.insertRowBinary("samples", SAMPLE_COLUMNS, rows.array(), rows.size(), "batch-1");
        store.insertRowBinary("samples", SAMPLE_COLUMNS, rows.array(), rows.size(), "batch-1");

        assertThat(count("samples")).isEqualTo(2);
        assertThat(
                        store.query(
                                        "SELECT sum(count) AS n FROM "
                                                + store.database()
                                                + ".samples_1m")
                                .get(0)
                                .path("n")
                                .asInt())
                .isEqualTo(2);
    }

    @Test
    void histogramRollupsKeepEmptyBucketsBounds() {
        RowBinaryBuffer rows = new RowBinaryBuffer(256);
        rows.string("latency")
                .uint64(3)
                .dateTime64Millis(T0)
                .uint64(4)
                .float64(10)
                .float64(0.1)
                .float64(4)
                .float64Array(new double[] {1, 2, 5})
                .uint64Array(new long[] {0, 3, 0, 1})
                .endRow();
        store.insertRowBinary(
                "histograms",
                List.of(
                        "metric",
                        "series_id",
                        "ts",
                        "count",
                        "sum",
                        "min",
                        "max",
                        "bounds",
                        "counts"),
                rows.array(),
                rows.size(),
                null);

        JsonNode h =
                store.query(
                                "SELECT arraySort(groupUniqArrayArray(bounds)) AS b, sumMap(buckets) AS m, sum(count) AS n FROM "
                                        + store.database()
                                        + ".histograms_1m")
                        .get(0);
        assertThat(h.path("b").toString()).isEqualTo("[1,2,5]");
        assertThat(h.path("m").get(0).toString())
                .isEqualTo("[2,null]"); // +Inf renders as null in JSON
        assertThat(h.path("m").get(1).toString()).isEqualTo("[3,1]");
        assertThat(h.path("n").asInt()).isEqualTo(4);
    }

    private static void sample(
            RowBinaryBuffer rows, String metric, long series, long ts, double value, double delta) {
        rows.string(metric)
                .uint64(series)
                .dateTime64Millis(ts)
                .float64(value)
                .float64(delta)
                .endRow();
    }

    private long count(String table) {
        return store.query("SELECT count() AS n FROM " + store.database() + "." + table)
                .get(0)
                .path("n")
                .asLong();
    }

    private String engineOf(String table) {
        return store.query(
                        "SELECT engine_full FROM system.tables WHERE database = {db:String} AND name = {t:String}",
                        Map.of("db", store.database(), "t", table))
                .get(0)
                .path("engine_full")
                .asText();
    }
}
