package io.aimonitor.api.metadata;

import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The notification dispatcher's state: its view of each alert, groups with their timers, the
 * notifications with their delivery, and escalation steps taken. Methods taking a {@link Handle}
 * run inside the caller's transaction.
 */
public final class NotifyStore {
    /** How an alert event changed the dispatcher's view. */
    public enum Upsert {
        /** stored (new alert, or a newer event) */
        STORED,
        /** older than what is stored, or a resolve of an alert never seen: nothing to do */
        IGNORED
    }

    public record Group(
            String id,
            String routeId,
            String receiver,
            String groupLabels,
            long createdAt,
            long nextFlushAt,
            Long lastSentAt,
            String lastDigest) {}

    public record Notification(
            String id,
            String kind,
            String groupId,
            String receiver,
            String channelId,
            String status,
            String alertStatus,
            String fingerprints,
            String payload,
            int attempts,
            String lastError,
            long createdAt,
            long nextAttemptAt,
            Long deliveredAt) {}

    private static final RowMapper<Group> GROUP =
            (rs, ctx) ->
                    new Group(
                            rs.getString("id"),
                            rs.getString("route_id"),
                            rs.getString("receiver"),
                            rs.getString("group_labels"),
                            rs.getLong("created_at"),
                            rs.getLong("next_flush_at"),
                            Rows.nullableLong(rs, "last_sent_at"),
                            rs.getString("last_digest"));

    private static final RowMapper<Notification> NOTIFICATION =
            (rs, ctx) ->
                    new Notification(
                            rs.getString("id"),
                            rs.getString("kind"),
                            rs.getString("group_id"),
                            rs.getString("receiver"),
                            rs.getString("channel_id"),
                            rs.getString("status"),
                            rs.getString("alert_status"),
                            rs.getString("fingerprints"),
                            rs.getString("payload"),
                            rs.getInt("attempts"),
                            rs.getString("last_error"),
                            rs.getLong("created_at"),
                            rs.getLong("next_attempt_at"),
                            Rows.nullableLong(rs, "delivered_at"));

    private static final RowMapper<AlertEvent> EVENT =
            (rs, ctx) -> AlertEvent.fromJson(rs.getString("event"));

    private final Jdbi jdbi;

    public NotifyStore(MetadataDatabase db) {
        this.jdbi = db.jdbi();
    }

    public <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
        return jdbi.inTransaction(work);
    }

    // ---- alerts

    /**
     * Keeps the newest event per alert, atomically; an older event, or a resolve of an alert never
     * seen, is ignored.
     */
    public Upsert upsertAlert(AlertEvent e, long now) {
        String sql =
                e.state() == AlertState.RESOLVED
                        ? "UPDATE notify_alerts SET event = :e, state = :s, event_time = :t, updated_at = :now"
                                + " WHERE fingerprint = :f AND event_time <= :t"
                        : "INSERT INTO notify_alerts (fingerprint, event, state, event_time, updated_at)"
                                + " VALUES (:f, :e, :s, :t, :now) ON CONFLICT (fingerprint) DO UPDATE SET"
                                + " event = excluded.event, state = excluded.state, event_time = excluded.event_time,"
                                // when its state last changed: a replayed event is no news
                                + " updated_at = CASE WHEN notify_alerts.state = excluded.state"
                                + " THEN notify_alerts.updated_at ELSE excluded.updated_at END"
                                + " WHERE notify_alerts.event_time <= excluded.event_time";
        int changed =
                jdbi.withHandle(
                        h ->
                                h.createUpdate(sql)
                                        .bind("f", e.fingerprint())
                                        .bind("e", e.toJson())
                                        .bind("s", e.state().text())
                                        .bind("t", e.eventTime())
                                        .bind("now", now)
                                        .execute());
        return changed == 1 ? Upsert.STORED : Upsert.IGNORED;
    }

    /** An alert not resolved, and when this dispatcher learnt of its current state. */
    public record ActiveAlert(AlertEvent event, long seenAt) {}

    /** Alerts not resolved. */
    public List<ActiveAlert> activeAlerts() {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT event, updated_at FROM notify_alerts WHERE state <> 'resolved' ORDER BY fingerprint")
                                .map(
                                        (rs, ctx) ->
                                                new ActiveAlert(
                                                        AlertEvent.fromJson(rs.getString("event")),
                                                        rs.getLong("updated_at")))
                                .list());
    }

    /** Forgets resolved alerts no group holds any more, once {@code before} has passed. */
    public int forgetResolved(long before) {
        return jdbi.withHandle(
                h ->
                        h.createUpdate(
                                        "DELETE FROM notify_alerts WHERE state = 'resolved' AND updated_at < :before"
                                                + " AND fingerprint NOT IN (SELECT fingerprint FROM notify_group_alerts)")
                                .bind("before", before)
                                .execute());
    }

    // ---- groups

    public void addToGroup(Group g, String fingerprint) {
        jdbi.useTransaction(
                h -> {
                    h.createUpdate(
                                    "INSERT INTO notify_groups (id, route_id, receiver, group_labels, created_at, next_flush_at, last_sent_at, last_digest)"
                                            + " VALUES (:id, :route, :receiver, :labels, :created, :next, NULL, '')"
                                            + " ON CONFLICT (id) DO NOTHING")
                            .bind("id", g.id())
                            .bind("route", g.routeId())
                            .bind("receiver", g.receiver())
                            .bind("labels", g.groupLabels())
                            .bind("created", g.createdAt())
                            .bind("next", g.nextFlushAt())
                            .execute();
                    h.createUpdate(
                                    "INSERT INTO notify_group_alerts (group_id, fingerprint) VALUES (:g, :f)"
                                            + " ON CONFLICT (group_id, fingerprint) DO NOTHING")
                            .bind("g", g.id())
                            .bind("f", fingerprint)
                            .execute();
                });
    }

    public List<Group> dueGroups(long now, int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM notify_groups WHERE next_flush_at <= :now ORDER BY next_flush_at LIMIT :limit")
                                .bind("now", now)
                                .bind("limit", limit)
                                .map(GROUP)
                                .list());
    }

    /** Moves the group's timer if nobody else did: the claim of one flush. */
    public boolean claimFlush(Handle h, Group g, long next) {
        return h.createUpdate(
                                "UPDATE notify_groups SET next_flush_at = :next WHERE id = :id AND next_flush_at = :old")
                        .bind("next", next)
                        .bind("id", g.id())
                        .bind("old", g.nextFlushAt())
                        .execute()
                == 1;
    }

    public List<AlertEvent> groupAlerts(Handle h, String groupId) {
        return h.createQuery(
                        "SELECT a.event FROM notify_group_alerts ga JOIN notify_alerts a ON a.fingerprint = ga.fingerprint"
                                + " WHERE ga.group_id = :g ORDER BY a.fingerprint")
                .bind("g", groupId)
                .map(EVENT)
                .list();
    }

    public void markSent(Handle h, String groupId, long at, String digest) {
        h.createUpdate(
                        "UPDATE notify_groups SET last_sent_at = :at, last_digest = :d WHERE id = :id")
                .bind("at", at)
                .bind("d", digest)
                .bind("id", groupId)
                .execute();
    }

    /** Drops the group's resolved alerts, and the group once it holds none. */
    public void pruneGroup(Handle h, String groupId) {
        h.createUpdate(
                        "DELETE FROM notify_group_alerts WHERE group_id = :g AND fingerprint IN"
                                + " (SELECT fingerprint FROM notify_alerts WHERE state = 'resolved')")
                .bind("g", groupId)
                .execute();
        h.createUpdate(
                        "DELETE FROM notify_groups WHERE id = :g AND NOT EXISTS"
                                + " (SELECT 1 FROM notify_group_alerts WHERE group_id = :g)")
                .bind("g", groupId)
                .execute();
    }

    // ---- escalations

    /** Records an escalation step; false when it was already taken. */
    public boolean markEscalated(Handle h, String fingerprint, String policy, int step, long at) {
        return h.createUpdate(
                                "INSERT INTO notify_escalations (fingerprint, policy, step, notified_at) VALUES (:f, :p, :s, :at)"
                                        + " ON CONFLICT (fingerprint, policy, step) DO NOTHING")
                        .bind("f", fingerprint)
                        .bind("p", policy)
                        .bind("s", step)
                        .bind("at", at)
                        .execute()
                == 1;
    }

    public void clearEscalations(String fingerprint) {
        jdbi.useHandle(
                h ->
                        h.createUpdate("DELETE FROM notify_escalations WHERE fingerprint = :f")
                                .bind("f", fingerprint)
                                .execute());
    }

    // ---- notifications

    /**
     * Retires the group's notifications to a channel that still wait for a (re)try: a newer one
     * carries the group's whole current state, and an older one delivered after it would show a
     * state that is over (FIRING after RESOLVED). One being sent right now finishes that attempt
     * (and is recorded delivered if it was) but is not tried again.
     */
    public int supersede(Handle h, String groupId, String channelId) {
        return h.createUpdate(
                        "UPDATE notifications SET status = 'superseded',"
                                + " last_error = 'a newer notification of its group replaced it'"
                                + " WHERE group_id = :g AND channel_id = :c AND status = 'pending'")
                .bind("g", groupId)
                .bind("c", channelId)
                .execute();
    }

    public void insertNotification(Handle h, Notification n) {
        h.createUpdate(
                        "INSERT INTO notifications (id, kind, group_id, receiver, channel_id, status, alert_status, fingerprints,"
                                + " payload, attempts, last_error, created_at, next_attempt_at, delivered_at, lease_until)"
                                + " VALUES (:id, :kind, :group, :receiver, :channel, :status, :alertStatus, :fps, :payload, 0, '',"
                                + " :created, :next, NULL, 0)")
                .bind("id", n.id())
                .bind("kind", n.kind())
                .bind("group", n.groupId())
                .bind("receiver", n.receiver())
                .bind("channel", n.channelId())
                .bind("status", n.status())
                .bind("alertStatus", n.alertStatus())
                .bind("fps", n.fingerprints())
                .bind("payload", n.payload())
                .bind("created", n.createdAt())
                .bind("next", n.nextAttemptAt())
                .execute();
    }

    public List<Notification> dueNotifications(long now, int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM notifications WHERE status = 'pending' AND next_attempt_at <= :now"
                                                + " AND lease_until <= :now ORDER BY next_attempt_at LIMIT :limit")
                                .bind("now", now)
                                .bind("limit", limit)
                                .map(NOTIFICATION)
                                .list());
    }

    /** Takes a due notification for one attempt until {@code leaseUntil}; false if taken. */
    public boolean claimDelivery(String id, long now, long leaseUntil) {
        return jdbi.withHandle(
                        h ->
                                h.createUpdate(
                                                "UPDATE notifications SET lease_until = :lease, attempts = attempts + 1"
                                                        + " WHERE id = :id AND status = 'pending' AND next_attempt_at <= :now AND lease_until <= :now")
                                        .bind("lease", leaseUntil)
                                        .bind("id", id)
                                        .bind("now", now)
                                        .execute())
                == 1;
    }

    public void delivered(String id, long at) {
        finish(id, "delivered", "", at, at);
    }

    public void failed(String id, String error, long at) {
        finish(id, "failed", error, null, at);
    }

    public void retryAt(String id, String error, long at) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE notifications SET last_error = :e, next_attempt_at = :at, lease_until = 0 WHERE id = :id")
                                .bind("e", error)
                                .bind("at", at)
                                .bind("id", id)
                                .execute());
    }

    private void finish(String id, String status, String error, Long deliveredAt, long at) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE notifications SET status = :s, last_error = :e, delivered_at = :d,"
                                                + " next_attempt_at = :at, lease_until = 0 WHERE id = :id")
                                .bind("s", status)
                                .bind("e", error)
                                .bind("d", deliveredAt)
                                .bind("at", at)
                                .bind("id", id)
                                .execute());
    }

    public Optional<Notification> notification(String id) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM notifications WHERE id = :id")
                                .bind("id", id)
                                .map(NOTIFICATION)
                                .findOne());
    }

    /** The delivery log, newest first; {@code status} null for any. */
    public List<Notification> notifications(String status, String fingerprint, int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM notifications WHERE (:status IS NULL OR status = :status)"
                                                + " AND (:fp IS NULL OR fingerprints LIKE :like)"
                                                + " ORDER BY created_at DESC, id LIMIT :limit")
                                .bind("status", status)
                                .bind("fp", fingerprint)
                                .bind("like", fingerprint == null ? null : "%" + fingerprint + "%")
                                .bind("limit", limit)
                                .map(NOTIFICATION)
                                .list());
    }

    /** Forgets finished notifications created before {@code before}. */
    public int forgetNotifications(long before) {
        return jdbi.withHandle(
                h ->
                        h.createUpdate(
                                        "DELETE FROM notifications WHERE status <> 'pending' AND created_at < :before")
                                .bind("before", before)
                                .execute());
    }
}
