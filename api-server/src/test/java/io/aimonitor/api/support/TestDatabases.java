package io.aimonitor.api.support;

import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.metadata.MetadataDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * Metadata databases for tests: a SQLite file, or a fresh database on the PostgreSQL server of this
 * machine (127.0.0.1:5432, trust authentication), dropped on close.
 */
public final class TestDatabases {
    public static final String PG_HOST = System.getProperty("aimonitor.test.pg", "127.0.0.1:5432");

    private TestDatabases() {}

    /** A migrated database and how to clean it up. */
    public record Opened(MetadataDatabase db, Cleanup cleanup) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
            try {
                cleanup.run();
            } catch (Exception e) {
                throw new IllegalStateException("cleanup failed", e);
            }
        }
    }

    public interface Cleanup {
        void run() throws Exception;
    }

    public static Opened sqlite() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "sqlite");
        return new Opened(
                MetadataDatabase.open(new AimonitorConfig.Database("sqlite", "", "", "", 4), dir),
                () -> {});
    }

    public static Opened postgresql() throws Exception {
        EmptyPostgres empty = emptyPostgresql();
        AimonitorConfig.Database config =
                new AimonitorConfig.Database("postgresql", empty.jdbcUrl(), "postgres", "", 4);
        return new Opened(MetadataDatabase.open(config, Path.of("target")), empty::close);
    }

    /** A new, empty database on the PostgreSQL server; dropped on close. */
    public record EmptyPostgres(String name) implements AutoCloseable {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + PG_HOST + "/" + name;
        }

        @Override
        public void close() throws Exception {
            admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    public static EmptyPostgres emptyPostgresql() throws Exception {
        String name =
                "aimonitor_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        return new EmptyPostgres(name);
    }

    public static Opened open(String kind) throws Exception {
        return kind.equals("sqlite") ? sqlite() : postgresql();
    }

    private static void admin(String sql) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                "jdbc:postgresql://" + PG_HOST + "/postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
