package io.aimonitor.api.metadata;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Alert rules: the current version of each (deleted ones kept as tombstones, for the rules topic)
 * and every version with its author. Updates are optimistic: they name the version they replace.
 */
public final class RuleRepository {
    public record StoredRule(
            String id,
            long version,
            String name,
            String definition,
            boolean enabled,
            String updatedBy,
            long updatedAt,
            Long deletedAt) {
        public boolean deleted() {
            return deletedAt != null;
        }
    }

    public record RuleVersion(
            String ruleId,
            long version,
            String change,
            String definition,
            String author,
            long createdAt) {}

    private static final RowMapper<StoredRule> RULE =
            (rs, ctx) ->
                    new StoredRule(
                            rs.getString("id"),
                            rs.getLong("version"),
                            rs.getString("name"),
                            rs.getString("definition"),
                            rs.getBoolean("enabled"),
                            rs.getString("updated_by"),
                            rs.getLong("updated_at"),
                            Rows.nullableLong(rs, "deleted_at"));
    private static final RowMapper<RuleVersion> VERSION =
            (rs, ctx) ->
                    new RuleVersion(
                            rs.getString("rule_id"),
                            rs.getLong("version"),
                            rs.getString("change"),
                            rs.getString("definition"),
                            rs.getString("author"),
                            rs.getLong("created_at"));

    private final Jdbi jdbi;

    public RuleRepository(MetadataDatabase db) {
        this.jdbi = db.jdbi();
    }

    public void create(StoredRule r) {
        jdbi.useTransaction(
                h -> {
                    h.createUpdate(
                                    "INSERT INTO alert_rules (id, version, name, definition, enabled, updated_by, updated_at)"
                                            + " VALUES (:id, :version, :name, :definition, :enabled, :by, :at)")
                            .bind("id", r.id())
                            .bind("version", r.version())
                            .bind("name", r.name())
                            .bind("definition", r.definition())
                            .bind("enabled", r.enabled())
                            .bind("by", r.updatedBy())
                            .bind("at", r.updatedAt())
                            .execute();
                    version(h, r, "created", r.definition());
                });
    }

    /** Stores {@code r} if the current version is {@code r.version() - 1}; false if it moved on. */
    public boolean update(StoredRule r) {
        return jdbi.inTransaction(
                h -> {
                    int changed =
                            h.createUpdate(
                                            "UPDATE alert_rules SET version = :version, name = :name, definition = :definition,"
                                                    + " enabled = :enabled, updated_by = :by, updated_at = :at"
                                                    + " WHERE id = :id AND version = :previous AND deleted_at IS NULL")
                                    .bind("id", r.id())
                                    .bind("version", r.version())
                                    .bind("previous", r.version() - 1)
                                    .bind("name", r.name())
                                    .bind("definition", r.definition())
                                    .bind("enabled", r.enabled())
                                    .bind("by", r.updatedBy())
                                    .bind("at", r.updatedAt())
                                    .execute();
                    if (changed == 1) {
                        version(h, r, "updated", r.definition());
                    }
                    return changed == 1;
                });
    }

    public boolean delete(String id, long newVersion, String author, long at) {
        return jdbi.inTransaction(
                h -> {
                    int changed =
                            h.createUpdate(
                                            "UPDATE alert_rules SET version = :version, updated_by = :by, updated_at = :at,"
                                                    + " deleted_at = :at WHERE id = :id AND version = :previous AND deleted_at IS NULL")
                                    .bind("id", id)
                                    .bind("version", newVersion)
                                    .bind("previous", newVersion - 1)
                                    .bind("by", author)
                                    .bind("at", at)
                                    .execute();
                    if (changed == 1) {
                        h.createUpdate(
                                        "INSERT INTO alert_rule_versions (rule_id, version, change, definition, author, created_at)"
                                                + " VALUES (:id, :version, 'deleted', NULL, :by, :at)")
                                .bind("id", id)
                                .bind("version", newVersion)
                                .bind("by", author)
                                .bind("at", at)
                                .execute();
                    }
                    return changed == 1;
                });
    }

    private static void version(
            org.jdbi.v3.core.Handle h, StoredRule r, String change, String definition) {
        h.createUpdate(
                        "INSERT INTO alert_rule_versions (rule_id, version, change, definition, author, created_at)"
                                + " VALUES (:id, :version, :change, :definition, :by, :at)")
                .bind("id", r.id())
                .bind("version", r.version())
                .bind("change", change)
                .bind("definition", definition)
                .bind("by", r.updatedBy())
                .bind("at", r.updatedAt())
                .execute();
    }

    public Optional<StoredRule> current(String id) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM alert_rules WHERE id = :id")
                                .bind("id", id)
                                .map(RULE)
                                .findOne());
    }

    /** Rules not deleted, by name. */
    public List<StoredRule> live() {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM alert_rules WHERE deleted_at IS NULL ORDER BY name, id")
                                .map(RULE)
                                .list());
    }

    /** Every rule ever created, deleted ones included (what the rules topic must reflect). */
    public List<StoredRule> all() {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT * FROM alert_rules ORDER BY id").map(RULE).list());
    }

    public List<RuleVersion> history(String id) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM alert_rule_versions WHERE rule_id = :id ORDER BY version DESC")
                                .bind("id", id)
                                .map(VERSION)
                                .list());
    }
}
