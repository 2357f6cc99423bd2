package io.aimonitor.api.metadata;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Silences: label matchers (JSON) and a time window, with creator and comment. */
public final class SilenceRepository {
    public record Silence(
            String id,
            String matchers,
            long startsAt,
            long endsAt,
            String createdBy,
            String comment,
            long createdAt,
            long updatedAt) {}

    private static final RowMapper<Silence> MAPPER =
            (rs, ctx) ->
                    new Silence(
                            rs.getString("id"),
                            rs.getString("matchers"),
                            rs.getLong("starts_at"),
                            rs.getLong("ends_at"),
                            rs.getString("created_by"),
                            rs.getString("comment"),
                            rs.getLong("created_at"),
                            rs.getLong("updated_at"));

    private final Jdbi jdbi;

    public SilenceRepository(MetadataDatabase db) {
        this.jdbi = db.jdbi();
    }

    public void insert(Silence s) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at)"
                                                + " VALUES (:id, :matchers, :starts, :ends, :by, :comment, :created, :updated)")
                                .bind("id", s.id())
                                .bind("matchers", s.matchers())
                                .bind("starts", s.startsAt())
                                .bind("ends", s.endsAt())
                                .bind("by", s.createdBy())
                                .bind("comment", s.comment())
                                .bind("created", s.createdAt())
                                .bind("updated", s.updatedAt())
                                .execute());
    }

    public boolean update(Silence s) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate(
                                                "UPDATE silences SET matchers = :matchers, starts_at = :starts, ends_at = :ends,"
                                                        + " comment = :comment, updated_at = :updated WHERE id = :id")
                                        .bind("id", s.id())
                                        .bind("matchers", s.matchers())
                                        .bind("starts", s.startsAt())
                                        .bind("ends", s.endsAt())
                                        .bind("comment", s.comment())
                                        .bind("updated", s.updatedAt())
                                        .execute())
                == 1;
    }

    public Optional<Silence> byId(String id) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM silences WHERE id = :id")
                                .bind("id", id)
                                .map(MAPPER)
                                .findOne());
    }

    /** Silences not yet ended at {@code now} (active or pending), soonest end first. */
    public List<Silence> notEndedAt(long now) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM silences WHERE ends_at > :now ORDER BY ends_at, id")
                                .bind("now", now)
                                .map(MAPPER)
                                .list());
    }

    public List<Silence> all(int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM silences ORDER BY created_at DESC, id LIMIT :limit")
                                .bind("limit", limit)
                                .map(MAPPER)
                                .list());
    }

    public boolean delete(String id) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate("DELETE FROM silences WHERE id = :id")
                                        .bind("id", id)
                                        .execute())
                == 1;
    }
}
