package io.aimonitor.api.alerts;

import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.kafka.TopicWriter;
import io.aimonitor.api.metadata.AckRepository;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Current alerts (with who acknowledged them and which silences cover them), their history,
 * acknowledgement and manual resolution. A manual resolve is an alert event like any other: written
 * to the alert table and the {@code alerts} topic.
 */
public final class AlertService {
    /** An alert as listed: its latest event plus acknowledgement and silencing. */
    public record AlertView(AlertEvent alert, AckRepository.Ack ack, List<String> silencedBy) {}

    private final AlertEventsStore events;
    private final AckRepository acks;
    private final Silences silences;
    private final TopicWriter writer;
    private final String alertsTopic;
    private final Clock clock;

    public AlertService(
            AlertEventsStore events,
            AckRepository acks,
            Silences silences,
            TopicWriter writer,
            String alertsTopic,
            Clock clock) {
        this.events = events;
        this.acks = acks;
        this.silences = silences;
        this.writer = writer;
        this.alertsTopic = alertsTopic;
        this.clock = clock;
    }

    public List<AlertView> current(AlertEventsStore.Filter filter) {
        Map<String, AckRepository.Ack> ackByFingerprint = new HashMap<>();
        acks.all().forEach(a -> ackByFingerprint.put(a.fingerprint(), a));
        List<Silences.Silence> active = silences.current();
        return events.latest(filter).stream()
                .map(
                        e ->
                                new AlertView(
                                        e,
                                        ackByFingerprint.get(e.fingerprint()),
                                        silences.silencing(e.labels(), active)))
                .toList();
    }

    public List<AlertEvent> history(String fingerprint, int limit) {
        List<AlertEvent> history = events.history(fingerprint, limit);
        if (history.isEmpty()) {
            throw ApiException.notFound("no alert " + fingerprint);
        }
        return history;
    }

    public List<AlertEventsStore.BandPoint> bands(String fingerprint, long fromMs, long toMs) {
        return events.bands(fingerprint, fromMs, toMs);
    }

    public AckRepository.Ack acknowledge(String fingerprint, String by, String comment) {
        AlertEvent latest = latest(fingerprint);
        if (!latest.state().active()) {
            throw new ApiException(
                    409,
                    "conflict",
                    "alert " + fingerprint + " is " + latest.state().text(),
                    Map.of());
        }
        AckRepository.Ack ack =
                new AckRepository.Ack(
                        fingerprint, by, clock.millis(), comment == null ? "" : comment);
        acks.put(ack);
        return ack;
    }

    public void unacknowledge(String fingerprint) {
        acks.remove(fingerprint);
    }

    /** Resolves an active alert by hand; the rule fires again if the condition still holds. */
    public AlertEvent resolve(String fingerprint, String by, String comment) {
        AlertEvent latest = latest(fingerprint);
        if (!latest.state().active()) {
            throw new ApiException(
                    409,
                    "conflict",
                    "alert " + fingerprint + " is already " + latest.state().text(),
                    Map.of());
        }
        long now = clock.millis();
        AlertEvent resolved =
                new AlertEvent(
                        latest.fingerprint(),
                        latest.ruleId(),
                        latest.ruleVersion(),
                        latest.ruleName(),
                        AlertState.RESOLVED,
                        latest.state(),
                        latest.severity(),
                        latest.value(),
                        latest.labels(),
                        new LinkedHashMap<>(latest.annotations()),
                        latest.startsAt(),
                        now,
                        now,
                        "manually resolved by "
                                + by
                                + (comment == null || comment.isBlank() ? "" : ": " + comment));
        events.insert(List.of(resolved));
        writer.write(alertsTopic, resolved.fingerprint(), resolved.toJson());
        acks.remove(fingerprint);
        return resolved;
    }

    private AlertEvent latest(String fingerprint) {
        return events.history(fingerprint, 1).stream()
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("no alert " + fingerprint));
    }
}
