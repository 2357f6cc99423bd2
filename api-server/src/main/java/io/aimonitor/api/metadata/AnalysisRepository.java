package io.aimonitor.api.metadata;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** AI analyses of incidents and the feedback on them. */
public final class AnalysisRepository {
    /**
     * One analysis run.
     *
     * @param analyzer "offline" or the model's name
     * @param status ok or failed
     * @param analysis the validated analysis as JSON (null when failed)
     * @param evidence the evidence pack as JSON
     */
    public record StoredAnalysis(
            String id,
            String incidentKey,
            String fingerprint,
            String evidenceHash,
            String analyzer,
            String status,
            String analysis,
            String evidence,
            String error,
            int attempts,
            long inputTokens,
            long outputTokens,
            long durationMs,
            long createdAt,
            String embedding) {}

    public record Feedback(
            String analysisId, String username, boolean helpful, String comment, long createdAt) {}

    private static final RowMapper<StoredAnalysis> MAPPER =
            (rs, ctx) ->
                    new StoredAnalysis(
                            rs.getString("id"),
                            rs.getString("incident_key"),
                            rs.getString("fingerprint"),
                            rs.getString("evidence_hash"),
                            rs.getString("analyzer"),
                            rs.getString("status"),
                            rs.getString("analysis"),
                            rs.getString("evidence"),
                            rs.getString("error"),
                            rs.getInt("attempts"),
                            rs.getLong("input_tokens"),
                            rs.getLong("output_tokens"),
                            rs.getLong("duration_ms"),
                            rs.getLong("created_at"),
                            rs.getString("embedding"));

    private final Jdbi jdbi;

    public AnalysisRepository(MetadataDatabase db) {
        this.jdbi = db.jdbi();
    }

    public void insert(StoredAnalysis a) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO analyses (id, incident_key, fingerprint, evidence_hash, analyzer, status,"
                                                + " analysis, evidence, error, attempts, input_tokens, output_tokens, duration_ms, created_at, embedding)"
                                                + " VALUES (:id, :incidentKey, :fingerprint, :evidenceHash, :analyzer, :status, :analysis,"
                                                + " :evidence, :error, :attempts, :inputTokens, :outputTokens, :durationMs, :createdAt, :embedding)")
                                .bindMethods(a)
                                .execute());
    }

    public Optional<StoredAnalysis> get(String id) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM analyses WHERE id = :id")
                                .bind("id", id)
                                .map(MAPPER)
                                .findOne());
    }

    /** Every run for an incident, newest first. */
    public List<StoredAnalysis> forIncident(String incidentKey, int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM analyses WHERE incident_key = :k ORDER BY created_at DESC, id LIMIT :limit")
                                .bind("k", incidentKey)
                                .bind("limit", limit)
                                .map(MAPPER)
                                .list());
    }

    /**
     * The newest valid analysis of an incident made since {@code sinceMs}: a model's (preferred) or
     * the offline analyzer's.
     */
    public Optional<StoredAnalysis> latestValid(String incidentKey, long sinceMs) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM analyses WHERE incident_key = :k AND status = 'ok' AND created_at >= :since"
                                                + " ORDER BY CASE WHEN analyzer = 'offline' THEN 1 ELSE 0 END, created_at DESC LIMIT 1")
                                .bind("k", incidentKey)
                                .bind("since", sinceMs)
                                .map(MAPPER)
                                .findOne());
    }

    /** Valid analyses with an embedding, newest first, from incidents other than {@code except}. */
    public List<StoredAnalysis> embedded(String except, int limit) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        // not the evidence packs: only what comparing needs
                                        "SELECT id, incident_key, fingerprint, evidence_hash, analyzer, status, analysis,"
                                                + " '' AS evidence, error, attempts, input_tokens, output_tokens, duration_ms,"
                                                + " created_at, embedding FROM analyses WHERE status = 'ok' AND embedding IS NOT NULL"
                                                + " AND incident_key != :k ORDER BY created_at DESC LIMIT :limit")
                                .bind("k", except)
                                .bind("limit", limit)
                                .map(MAPPER)
                                .list());
    }

    /** Empties the evidence packs of analyses made before {@code beforeMs}; how many. */
    public int forgetEvidence(long beforeMs) {
        return jdbi.withHandle(
                h ->
                        h.createUpdate(
                                        "UPDATE analyses SET evidence = '{}'"
                                                + " WHERE created_at < :before AND evidence <> '{}'")
                                .bind("before", beforeMs)
                                .execute());
    }

    /** When each request to a model since {@code sinceMs} was made (one entry per request). */
    public List<Long> modelCallTimes(long sinceMs) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT created_at, attempts FROM analyses"
                                                + " WHERE analyzer != 'offline' AND created_at > :since")
                                .bind("since", sinceMs)
                                .reduceRows(
                                        new java.util.ArrayList<Long>(),
                                        (times, row) -> {
                                            long at = row.getColumn("created_at", Long.class);
                                            int n = row.getColumn("attempts", Integer.class);
                                            for (int i = 0; i < n; i++) {
                                                times.add(at);
                                            }
                                            return times;
                                        }));
    }

    public boolean exists(String incidentKey, String evidenceHash, String analyzer) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                                "SELECT count(*) FROM analyses WHERE incident_key = :k AND evidence_hash = :h"
                                                        + " AND analyzer = :a AND status = 'ok'")
                                        .bind("k", incidentKey)
                                        .bind("h", evidenceHash)
                                        .bind("a", analyzer)
                                        .mapTo(Long.class)
                                        .one()
                                > 0);
    }

    public void putFeedback(Feedback f) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO analysis_feedback (analysis_id, username, helpful, comment, created_at)"
                                                + " VALUES (:analysisId, :username, :helpful, :comment, :createdAt)"
                                                + " ON CONFLICT (analysis_id, username) DO UPDATE SET helpful = :helpful,"
                                                + " comment = :comment, created_at = :createdAt")
                                .bindMethods(f)
                                .execute());
    }

    public List<Feedback> feedback(String analysisId) {
        return jdbi.withHandle(
                h ->
                        h.createQuery(
                                        "SELECT * FROM analysis_feedback WHERE analysis_id = :id ORDER BY created_at")
                                .bind("id", analysisId)
                                .map(
                                        (rs, ctx) ->
                                                new Feedback(
                                                        rs.getString("analysis_id"),
                                                        rs.getString("username"),
                                                        rs.getBoolean("helpful"),
                                                        rs.getString("comment"),
                                                        rs.getLong("created_at")))
                                .list());
    }
}
