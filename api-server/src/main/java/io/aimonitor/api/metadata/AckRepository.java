package io.aimonitor.api.metadata;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Who acknowledged which alert (by fingerprint); an acknowledged alert stops repeating. */
public final class AckRepository {
    public record Ack(String fingerprint, String ackedBy, long ackedAt, String comment) {}

    private static final RowMapper<Ack> MAPPER =
            (rs, ctx) ->
                    new Ack(
                            rs.getString("fingerprint"),
                            rs.getString("acked_by"),
                            rs.getLong("acked_at"),
                            rs.getString("comment"));

    private final Jdbi jdbi;

    public AckRepository(MetadataDatabase db) {
        this.jdbi = db.jdbi();
    }

    public void put(Ack a) {
        jdbi.useHandle(
                h ->
                        h.createUpdate(
                                        "INSERT INTO alert_acks (fingerprint, acked_by, acked_at, comment) VALUES (:f, :by, :at, :c)"
                                                + " ON CONFLICT (fingerprint) DO UPDATE SET acked_by = :by, acked_at = :at, comment = :c")
                                .bind("f", a.fingerprint())
                                .bind("by", a.ackedBy())
                                .bind("at", a.ackedAt())
                                .bind("c", a.comment())
                                .execute());
    }

    public Optional<Ack> get(String fingerprint) {
        return jdbi.withHandle(
                h ->
                        h.createQuery("SELECT * FROM alert_acks WHERE fingerprint = :f")
                                .bind("f", fingerprint)
                                .map(MAPPER)
                                .findOne());
    }

    public List<Ack> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM alert_acks").map(MAPPER).list());
    }

    public void remove(String fingerprint) {
        jdbi.useHandle(
                h ->
                        h.createUpdate("DELETE FROM alert_acks WHERE fingerprint = :f")
                                .bind("f", fingerprint)
                                .execute());
    }
}
