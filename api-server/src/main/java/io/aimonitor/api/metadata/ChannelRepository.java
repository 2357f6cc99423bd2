package io.aimonitor.api.metadata;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Notification channels; {@code config} is JSON with its secrets sealed. */
public final class ChannelRepository {
    public record StoredChannel(
            String id,
            String name,
            String type,
            String config,
            String createdBy,
            long createdAt,
            long updatedAt) {}

    private static final RowMapper<StoredChannel> MAPPER =
            (rs, ctx) ->
                    new StoredChannel(
                            rs.getString("id"),
                            rs.getString("name"),
                            rs.getString("type"),
                            rs.getString("config"),
                            rs.getString("created_by"),
                            rs.getLong("created_at"),
                            rs.getLong("updated_at"));

    private final Jdbi jdbi;

    public ChannelRepository(MetadataDatabase db) {
        this.jdbi = db.jdbi();
    }

    public void insert(StoredChannel c) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO notification_channels (id, name, type, config, created_by, created_at, updated_at)"
                                                + " VALUES (:id, :name, :type, :config, :by, :created, :updated)")
                                .bind("id", c.id())
                                .bind("name", c.name())
                                .bind("type", c.type())
                                .bind("config", c.config())
                                .bind("by", c.createdBy())
                                .bind("created", c.createdAt())
                                .bind("updated", c.updatedAt())
                                .execute());
    }

    public boolean update(StoredChannel c) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate(
                                                "UPDATE notification_channels SET name = :name, config = :config, updated_at = :updated"
                                                        + " WHERE id = :id")
                                        .bind("id", c.id())
                                        .bind("name", c.name())
                                        .bind("config", c.config())
                                        .bind("updated", c.updatedAt())
                                        .execute())
                == 1;
    }

    public Optional<StoredChannel> byId(String id) {
        return one("id", id);
    }

    public Optional<StoredChannel> byName(String name) {
        return one("name", name);
    }

    private Optional<StoredChannel> one(String column, String value) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM notification_channels WHERE "
                                                + column
                                                + " = :v")
                                .bind("v", value)
                                .map(MAPPER)
                                .findOne());
    }

    public List<StoredChannel> all() {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM notification_channels ORDER BY name")
                                .map(MAPPER)
                                .list());
    }

    public boolean delete(String id) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate("DELETE FROM notification_channels WHERE id = :id")
                                        .bind("id", id)
                                        .execute())
                == 1;
    }
}
