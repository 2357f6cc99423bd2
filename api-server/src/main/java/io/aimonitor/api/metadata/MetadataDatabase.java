package io.aimonitor.api.metadata;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.aimonitor.api.config.AimonitorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata database: a SQLite file in the data directory by default, PostgreSQL when
 * configured. The same numbered Flyway migrations ({@code db/metadata} in the schemas module) run
 * at start on either.
 */
public final class MetadataDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataDatabase.class);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final String description;

    private MetadataDatabase(HikariDataSource dataSource, String description) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.description = description;
    }

    public static MetadataDatabase open(AimonitorConfig.Database config, Path dataDir) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("metadata");
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setConnectionTimeout(10_000);
        String description;
        if (config.sqlite()) {
            try {
                Files.createDirectories(dataDir);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create " + dataDir, e);
            }
            Path file = dataDir.resolve("aimonitor.db").toAbsolutePath();
            // WAL lets readers proceed during a write; writers wait up to 10 s for each other
            hikari.setJdbcUrl(
                    "jdbc:sqlite:"
                            + file
                            + "?journal_mode=WAL&busy_timeout=10000&foreign_keys=on&synchronous=NORMAL");
            hikari.setMaximumPoolSize(Math.min(config.poolSize(), 4));
            description = "SQLite " + file;
        } else {
            hikari.setJdbcUrl(config.url());
            hikari.setUsername(config.user());
            hikari.setPassword(config.password());
            description = "PostgreSQL " + config.url();
        }
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/metadata")
                    .table("schema_migrations")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException(
                    "cannot migrate the metadata database (" + description + "): " + e.getMessage(),
                    e);
        }
        LOG.info("Metadata database: {}", description);
        return new MetadataDatabase(dataSource, description);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Throws when the database does not answer. */
    public void ping() {
        jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
