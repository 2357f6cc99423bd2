package io.aimonitor.api.metadata;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The notification policy: one versioned JSON document (row 'default' of notification_routes). */
public final class PolicyRepository {
    public record StoredPolicy(String definition, long version, String updatedBy, long updatedAt) {}

    private static final String ID = "default";

    private final Jdbi jdbi;

    public PolicyRepository(MetadataDatabase db) {
        this.jdbi = db.jdbi();
    }

    public Optional<StoredPolicy> get() {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM notification_routes WHERE id = :id")
                                .bind("id", ID)
                                .map(
                                        (rs, ctx) ->
                                                new StoredPolicy(
                                                        rs.getString("definition"),
                                                        rs.getLong("version"),
                                                        rs.getString("updated_by"),
                                                        rs.getLong("updated_at")))
                                .findOne());
    }

    /** Stores a new version; returns it. */
    public long put(String definition, String by, long at) {
        return jdbi.inTransaction(
                h -> {
                    long version =
                            h.createQuery(
                                                    "SELECT COALESCE(MAX(version), 0) FROM notification_routes WHERE id = :id")
                                            .bind("id", ID)
                                            .mapTo(Long.class)
                                            .one()
                                    + 1;
                    h.createUpdate("DELETE FROM notification_routes WHERE id = :id")
                            .bind("id", ID)
                            .execute();
                    h.createUpdate(
                                    "INSERT INTO notification_routes (id, definition, version, updated_by, updated_at)"
                                            + " VALUES (:id, :d, :v, :by, :at)")
                            .bind("id", ID)
                            .bind("d", definition)
                            .bind("v", version)
                            .bind("by", by)
                            .bind("at", at)
                            .execute();
                    return version;
                });
    }
}
