package io.aimonitor.api.metadata;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Every change made by a user or key: who, what, when, from where. Append-only. */
public final class AuditLog {
    public record Entry(
            String id,
            long at,
            String actor,
            String action,
            String targetType,
            String targetId,
            String details,
            String ip,
            String requestId) {}

    private static final RowMapper<Entry> MAPPER =
            (rs, ctx) ->
                    new Entry(
                            rs.getString("id"),
                            rs.getLong("at"),
                            rs.getString("actor"),
                            rs.getString("action"),
                            rs.getString("target_type"),
                            rs.getString("target_id"),
                            rs.getString("details"),
                            rs.getString("ip"),
                            rs.getString("request_id"));

    private final Jdbi jdbi;

    public AuditLog(MetadataDatabase db) {
        this.jdbi = db.jdbi();
    }

    public void record(Entry e) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO audit_log (id, at, actor, action, target_type, target_id, details, ip, request_id)"
                                                + " VALUES (:id, :at, :actor, :action, :type, :target, :details, :ip, :rid)")
                                .bind("id", e.id())
                                .bind("at", e.at())
                                .bind("actor", e.actor())
                                .bind("action", e.action())
                                .bind("type", e.targetType())
                                .bind("target", e.targetId())
                                .bind("details", e.details())
                                .bind("ip", e.ip())
                                .bind("rid", e.requestId())
                                .execute());
    }

    /** Newest first. */
    public List<Entry> recent(String actor, String action, int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM audit_log WHERE (:actor = '' OR actor = :actor)"
                                                + " AND (:action = '' OR action = :action) ORDER BY at DESC, id LIMIT :limit")
                                .bind("actor", actor == null ? "" : actor)
                                .bind("action", action == null ? "" : action)
                                .bind("limit", limit)
                                .map(MAPPER)
                                .list());
    }

    /** Entries whose action starts with {@code actionPrefix} in [fromMs, toMs], newest first. */
    public List<Entry> between(long fromMs, long toMs, String actionPrefix, int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM audit_log WHERE at >= :from AND at <= :to"
                                                + " AND action LIKE :prefix ORDER BY at DESC, id LIMIT :limit")
                                .bind("from", fromMs)
                                .bind("to", toMs)
                                .bind("prefix", actionPrefix + "%")
                                .bind("limit", limit)
                                .map(MAPPER)
                                .list());
    }
}
