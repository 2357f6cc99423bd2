package io.aimonitor.api.metadata;

import io.aimonitor.api.auth.Role;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** API keys by the SHA-256 of their value; the value is shown once at creation only. */
public final class ApiKeyRepository {
    public record ApiKey(
            String id,
            String name,
            String prefix,
            String keyHash,
            Role role,
            String createdBy,
            long createdAt,
            Long lastUsedAt,
            Long revokedAt) {}

    private static final RowMapper<ApiKey> MAPPER =
            (rs, ctx) ->
                    new ApiKey(
                            rs.getString("id"),
                            rs.getString("name"),
                            rs.getString("prefix"),
                            rs.getString("key_hash"),
                            Role.assignable(rs.getString("role")),
                            rs.getString("created_by"),
                            rs.getLong("created_at"),
                            Rows.nullableLong(rs, "last_used_at"),
                            Rows.nullableLong(rs, "revoked_at"));

    private final Jdbi jdbi;

    public ApiKeyRepository(MetadataDatabase db) {
        this.jdbi = db.jdbi();
    }

    public void insert(ApiKey k) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO api_keys (id, name, prefix, key_hash, role, created_by, created_at)"
                                                + " VALUES (:id, :name, :prefix, :hash, :role, :by, :at)")
                                .bind("id", k.id())
                                .bind("name", k.name())
                                .bind("prefix", k.prefix())
                                .bind("hash", k.keyHash())
                                .bind("role", k.role().text())
                                .bind("by", k.createdBy())
                                .bind("at", k.createdAt())
                                .execute());
    }

    public Optional<ApiKey> byHash(String hash) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM api_keys WHERE key_hash = :h")
                                .bind("h", hash)
                                .map(MAPPER)
                                .findOne());
    }

    public List<ApiKey> all() {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM api_keys ORDER BY created_at")
                                .map(MAPPER)
                                .list());
    }

    public boolean revoke(String id, long at) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate(
                                                "UPDATE api_keys SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
                                        .bind("id", id)
                                        .bind("at", at)
                                        .execute())
                == 1;
    }

    public void touch(String id, long at) {
        jdbi.useHandle(
                h ->
                        h.createUpdate("UPDATE api_keys SET last_used_at = :at WHERE id = :id")
                                .bind("id", id)
                                .bind("at", at)
                                .execute());
    }
}
