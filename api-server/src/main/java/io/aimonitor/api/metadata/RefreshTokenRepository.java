package io.aimonitor.api.metadata;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Refresh tokens by the SHA-256 of their value; the value itself is never stored. */
public final class RefreshTokenRepository {
    public record RefreshToken(
            String tokenHash,
            String familyId,
            String userId,
            long issuedAt,
            long expiresAt,
            Long usedAt,
            Long revokedAt) {}

    private static final RowMapper<RefreshToken> MAPPER =
            (rs, ctx) ->
                    new RefreshToken(
                            rs.getString("token_hash"),
                            rs.getString("family_id"),
                            rs.getString("user_id"),
                            rs.getLong("issued_at"),
                            rs.getLong("expires_at"),
                            Rows.nullableLong(rs, "used_at"),
                            Rows.nullableLong(rs, "revoked_at"));

    private final Jdbi jdbi;

    public RefreshTokenRepository(MetadataDatabase db) {
        this.jdbi = db.jdbi();
    }

    public void insert(RefreshToken t) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at)"
                                                + " VALUES (:hash, :family, :user, :issued, :expires)")
                                .bind("hash", t.tokenHash())
                                .bind("family", t.familyId())
                                .bind("user", t.userId())
                                .bind("issued", t.issuedAt())
                                .bind("expires", t.expiresAt())
                                .execute());
    }

    public Optional<RefreshToken> byHash(String hash) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM refresh_tokens WHERE token_hash = :h")
                                .bind("h", hash)
                                .map(MAPPER)
                                .findOne());
    }

    /** Marks the token spent; false when it already was (a concurrent reuse). */
    public boolean markUsed(String hash, long at) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate(
                                                "UPDATE refresh_tokens SET used_at = :at WHERE token_hash = :h AND used_at IS NULL")
                                        .bind("h", hash)
                                        .bind("at", at)
                                        .execute())
                == 1;
    }

    public int revokeFamily(String familyId, long at) {
        return jdbi.withHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE refresh_tokens SET revoked_at = :at WHERE family_id = :f AND revoked_at IS NULL")
                                .bind("f", familyId)
                                .bind("at", at)
                                .execute());
    }

    public int revokeAllOf(String userId, long at) {
        return jdbi.withHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE refresh_tokens SET revoked_at = :at WHERE user_id = :u AND revoked_at IS NULL")
                                .bind("u", userId)
                                .bind("at", at)
                                .execute());
    }

    public int deleteExpired(long now) {
        return jdbi.withHandle(
                h ->
                        h.createUpdate("DELETE FROM refresh_tokens WHERE expires_at < :now")
                                .bind("now", now)
                                .execute());
    }
}
