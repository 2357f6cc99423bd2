package io.aimonitor.api.metadata;

import io.aimonitor.api.auth.Role;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Users, with their password hashes (which never leave the server). */
public final class UserRepository {
    public record User(
            String id,
            String username,
            String displayName,
            String email,
            String passwordHash,
            Role role,
            boolean disabled,
            long createdAt,
            long updatedAt) {}

    private static final RowMapper<User> MAPPER =
            (rs, ctx) ->
                    new User(
                            rs.getString("id"),
                            rs.getString("username"),
                            rs.getString("display_name"),
                            rs.getString("email"),
                            rs.getString("password_hash"),
                            Role.assignable(rs.getString("role")),
                            rs.getBoolean("disabled"),
                            rs.getLong("created_at"),
                            rs.getLong("updated_at"));

    private final Jdbi jdbi;

    public UserRepository(MetadataDatabase db) {
        this.jdbi = db.jdbi();
    }

    public void insert(User u) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO users (id, username, display_name, email, password_hash, role, disabled, created_at, updated_at)"
                                                + " VALUES (:id, :username, :displayName, :email, :passwordHash, :role, :disabled, :createdAt, :updatedAt)")
                                .bind("id", u.id())
                                .bind("username", u.username())
                                .bind("displayName", u.displayName())
                                .bind("email", u.email())
                                .bind("passwordHash", u.passwordHash())
                                .bind("role", u.role().text())
                                .bind("disabled", u.disabled())
                                .bind("createdAt", u.createdAt())
                                .bind("updatedAt", u.updatedAt())
                                .execute());
    }

    public Optional<User> byUsername(String username) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM users WHERE username = :u")
                                .bind("u", username)
                                .map(MAPPER)
                                .findOne());
    }

    public Optional<User> byId(String id) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM users WHERE id = :id")
                                .bind("id", id)
                                .map(MAPPER)
                                .findOne());
    }

    public List<User> all() {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT * FROM users ORDER BY username").map(MAPPER).list());
    }

    public long count() {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
    }

    public long countActiveAdmins() {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = :f")
                                .bind("f", false)
                                .mapTo(Long.class)
                                .one());
    }

    public void update(User u) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE users SET display_name = :displayName, email = :email, role = :role,"
                                                + " disabled = :disabled, updated_at = :updatedAt WHERE id = :id")
                                .bind("id", u.id())
                                .bind("displayName", u.displayName())
                                .bind("email", u.email())
                                .bind("role", u.role().text())
                                .bind("disabled", u.disabled())
                                .bind("updatedAt", u.updatedAt())
                                .execute());
    }

    public void updatePassword(String id, String hash, long at) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE users SET password_hash = :hash, updated_at = :at WHERE id = :id")
                                .bind("id", id)
                                .bind("hash", hash)
                                .bind("at", at)
                                .execute());
    }

    public boolean delete(String id) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate("DELETE FROM users WHERE id = :id")
                                        .bind("id", id)
                                        .execute())
                > 0;
    }
}
