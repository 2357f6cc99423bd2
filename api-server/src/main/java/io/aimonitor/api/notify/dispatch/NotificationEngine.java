package io.aimonitor.api.notify.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.api.alerts.Silences;
import io.aimonitor.api.metadata.AckRepository;
import io.aimonitor.api.metadata.Ids;
import io.aimonitor.api.metadata.NotifyStore;
import io.aimonitor.api.metadata.NotifyStore.Group;
import io.aimonitor.api.notify.ChannelService;
import io.aimonitor.api.notify.Notice;
import io.aimonitor.api.notify.PolicyService;
import io.aimonitor.api.notify.policy.NotificationPolicy;
import io.aimonitor.api.notify.policy.Routing.ResolvedRoute;
import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager's notification pipeline over the metadata store, so it survives restarts and several
 * replicas can share it: alert events join a group per matching route; a group is flushed {@code
 * group_wait} after it appears and then every {@code group_interval}, sending when an alert started
 * firing since the last notification, when alerts resolved, or after {@code repeat_interval} while
 * an unacknowledged alert still fires. Silenced and inhibited alerts are left out; escalation steps
 * notify further receivers about unacknowledged alerts. Each flush and the notifications it creates
 * are one transaction.
 */
public final class NotificationEngine {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FLUSH_BATCH = 200;

    private final NotifyStore store;
    private final PolicyService policies;
    private final ChannelService channels;
    private final Silences silences;
    private final AckRepository acks;
    private final Clock clock;

    public NotificationEngine(
            NotifyStore store,
            PolicyService policies,
            ChannelService channels,
            Silences silences,
            AckRepository acks,
            Clock clock) {
        this.store = store;
        this.policies = policies;
        this.channels = channels;
        this.silences = silences;
        this.acks = acks;
        this.clock = clock;
    }

    /** Takes one alert event (at least once; repeats are harmless). */
    public void onAlert(AlertEvent event) {
        AlertEvent e = event;
        if (e.state() == AlertState.PENDING || e.state() == AlertState.INACTIVE) {
            if (!notified(e.previousState())) {
                return;
            }
            // NO_DATA (or FIRING) that left without RESOLVED - data came back below the threshold,
            // or breaching again but not yet for long enough: what was notified is over
            e = ended(e);
        }
        long now = clock.millis();
        if (store.upsertAlert(e, now) == NotifyStore.Upsert.IGNORED) {
            return;
        }
        if (e.state() == AlertState.RESOLVED) {
            // an acknowledgement and the escalation steps belong to one incident
            store.clearEscalations(e.fingerprint());
            acks.remove(e.fingerprint());
        }
        Map<String, String> labels = Notice.labelsOf(e);
        for (ResolvedRoute route : policies.current().routing().match(labels)) {
            Map<String, String> groupLabels = route.groupLabels(labels);
            String json = json(groupLabels);
            store.addToGroup(
                    new Group(
                            groupId(route.id(), route.receiver(), json),
                            route.id(),
                            route.receiver(),
                            json,
                            now,
                            now + route.groupWaitMs(),
                            null,
                            ""),
                    e.fingerprint());
        }
    }

    private static boolean notified(AlertState s) {
        return s == AlertState.FIRING || s == AlertState.NO_DATA || s == AlertState.FLAPPING;
    }

    private static AlertEvent ended(AlertEvent e) {
        return new AlertEvent(
                e.fingerprint(),
                e.ruleId(),
                e.ruleVersion(),
                e.ruleName(),
                AlertState.RESOLVED,
                e.previousState(),
                e.severity(),
                e.value(),
                e.labels(),
                e.annotations(),
                e.startsAt(),
                e.eventTime(),
                e.eventTime(),
                e.reason());
    }

    /** Flushes the groups whose timer is due; returns how many notifications were created. */
    public int flushDue() {
        long now = clock.millis();
        List<Group> due = store.dueGroups(now, FLUSH_BATCH);
        if (due.isEmpty()) {
            return 0;
        }
        PolicyService.Current current = policies.current();
        Map<String, ResolvedRoute> routes = current.routing().byId();
        Mutes mutes = mutes(current.policy(), now);
        int created = 0;
        for (Group g : due) {
            ResolvedRoute route = routes.getOrDefault(g.routeId(), routes.get("0"));
            created +=
                    store.inTransaction(
                            h -> {
                                if (!store.claimFlush(h, g, now + route.groupIntervalMs())) {
                                    return 0; // another replica flushed it
                                }
                                int n = flush(h, g, route, mutes, now);
                                store.pruneGroup(h, g.id());
                                return n;
                            });
        }
        return created;
    }

    private int flush(
            org.jdbi.v3.core.Handle h, Group g, ResolvedRoute route, Mutes mutes, long now) {
        Set<String> notified = new HashSet<>(Arrays.asList(g.lastDigest().split(",")));
        notified.remove("");
        List<AlertEvent> firing = new ArrayList<>();
        List<AlertEvent> resolved = new ArrayList<>();
        for (AlertEvent a : store.groupAlerts(h, g.id())) {
            boolean muted = mutes.muted(a);
            if (a.state() == AlertState.RESOLVED) {
                if (notified.contains(a.fingerprint()) && !muted) {
                    resolved.add(a);
                }
            } else if (!muted) {
                firing.add(a);
            }
        }
        boolean newlyFiring = firing.stream().anyMatch(a -> !notified.contains(a.fingerprint()));
        boolean repeatDue =
                g.lastSentAt() != null
                        && now - g.lastSentAt() >= route.repeatIntervalMs()
                        && firing.stream().anyMatch(a -> !mutes.acked(a));
        if (!newlyFiring && resolved.isEmpty() && !repeatDue) {
            return 0;
        }
        List<AlertEvent> alerts = new ArrayList<>(firing);
        alerts.addAll(resolved);
        Notice notice =
                new Notice(
                        "group",
                        g.receiver(),
                        g.routeId() + ":" + g.groupLabels(),
                        readLabels(g.groupLabels()),
                        alerts);
        store.markSent(
                h,
                g.id(),
                now,
                firing.stream().map(AlertEvent::fingerprint).collect(Collectors.joining(",")));
        return enqueue(h, notice, g.id(), now);
    }

    /**
     * Notifies each escalation step's receivers once about every unacknowledged, unmuted alert that
     * has fired for the step's {@code after}. Returns how many notifications were created.
     */
    public int escalate() {
        PolicyService.Current current = policies.current();
        NotificationPolicy policy = current.policy();
        if (policy.escalationPolicies().isEmpty()) {
            return 0;
        }
        long now = clock.millis();
        Mutes mutes = mutes(policy, now);
        int created = 0;
        for (AlertEvent a : mutes.firing()) {
            if (mutes.muted(a) || mutes.acked(a)) {
                continue;
            }
            Set<String> names = new HashSet<>();
            for (ResolvedRoute route : current.routing().match(Notice.labelsOf(a))) {
                if (route.escalation() != null) {
                    names.add(route.escalation());
                }
            }
            for (NotificationPolicy.EscalationPolicy ep : policy.escalationPolicies()) {
                if (!names.contains(ep.name())) {
                    continue;
                }
                for (int i = 0; i < ep.steps().size(); i++) {
                    NotificationPolicy.EscalationPolicy.Step step = ep.steps().get(i);
                    if (now - firingSince(a, mutes) < step.after().toMillis()) {
                        break;
                    }
                    int stepNo = i;
                    created +=
                            store.inTransaction(
                                    h -> {
                                        if (!store.markEscalated(
                                                h, a.fingerprint(), ep.name(), stepNo, now)) {
                                            return 0;
                                        }
                                        int n = 0;
                                        for (String receiver : step.receivers()) {
                                            Notice notice =
                                                    new Notice(
                                                            "escalation",
                                                            receiver,
                                                            "escalation:"
                                                                    + ep.name()
                                                                    + ":"
                                                                    + stepNo,
                                                            Map.of(
                                                                    "escalation", ep.name(),
                                                                    "step",
                                                                            Integer.toString(
                                                                                    stepNo + 1)),
                                                            List.of(a));
                                            n += enqueue(h, notice, null, now);
                                        }
                                        return n;
                                    });
                }
            }
        }
        return created;
    }

    /** Forgets resolved alerts after an hour and finished notifications after 30 days. */
    public void housekeeping() {
        long now = clock.millis();
        store.forgetResolved(now - Duration.ofHours(1).toMillis());
        store.forgetNotifications(now - Duration.ofDays(30).toMillis());
    }

    /** One pending notification per channel of the notice's receiver. */
    private int enqueue(org.jdbi.v3.core.Handle h, Notice notice, String groupId, long now) {
        NotificationPolicy policy = policies.current().policy();
        List<String> names =
                policy.receivers().stream()
                        .filter(r -> r.name().equals(notice.receiver()))
                        .findFirst()
                        .map(r -> r.channels() == null ? List.<String>of() : r.channels())
                        .orElse(List.of());
        int n = 0;
        String payload = notice.toJson();
        String fingerprints =
                notice.alerts().stream()
                        .map(AlertEvent::fingerprint)
                        .collect(Collectors.joining(","));
        for (String name : names) {
            String channelId = channels.idOf(name);
            if (channelId == null) {
                LOG.warn(
                        "receiver {} names channel {}, which does not exist",
                        notice.receiver(),
                        name);
                continue;
            }
            if (groupId != null) {
                store.supersede(h, groupId, channelId);
            }
            store.insertNotification(
                    h,
                    new NotifyStore.Notification(
                            Ids.newId(),
                            notice.kind(),
                            groupId,
                            notice.receiver(),
                            channelId,
                            "pending",
                            notice.status(),
                            fingerprints,
                            payload,
                            0,
                            "",
                            now,
                            now,
                            null));
            n++;
        }
        return n;
    }

    /** What keeps an alert quiet right now: silences, inhibition, acknowledgement. */
    private record Mutes(
            List<AlertEvent> firing,
            Map<String, Long> seenAt,
            List<Silences.Silence> silences,
            Inhibition inhibition,
            Set<String> acked) {
        boolean muted(AlertEvent a) {
            Map<String, String> labels = Notice.labelsOf(a);
            return silences.stream().anyMatch(s -> s.matches(labels))
                    || inhibition.inhibited(labels);
        }

        boolean acked(AlertEvent a) {
            return acked.contains(a.fingerprint());
        }
    }

    /**
     * Since when an alert counts as firing for escalation: its start, or when this dispatcher first
     * learnt of it if that was later - alerts replayed from the topic's history (a first deploy,
     * expired consumer offsets) must not page anyone for incidents long over.
     */
    private static long firingSince(AlertEvent a, Mutes mutes) {
        return Math.max(a.startsAt(), mutes.seenAt().getOrDefault(a.fingerprint(), a.startsAt()));
    }

    private Mutes mutes(NotificationPolicy policy, long now) {
        List<NotifyStore.ActiveAlert> active = store.activeAlerts();
        List<AlertEvent> firing = active.stream().map(NotifyStore.ActiveAlert::event).toList();
        return new Mutes(
                firing,
                active.stream()
                        .collect(
                                Collectors.toMap(
                                        a -> a.event().fingerprint(),
                                        NotifyStore.ActiveAlert::seenAt)),
                silences.current().stream().filter(s -> s.activeAt(now)).toList(),
                new Inhibition(
                        policy.inhibitRules(), firing.stream().map(Notice::labelsOf).toList()),
                acks.all().stream()
                        .map(AckRepository.Ack::fingerprint)
                        .collect(Collectors.toSet()));
    }

    private static String groupId(String routeId, String receiver, String groupLabels) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(
                                    (routeId + "\u0000" + receiver + "\u0000" + groupLabels)
                                            .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Map<String, String> labels) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readLabels(String json) {
        try {
            return JSON.readValue(
                    json,
                    new com.fasterxml.jackson.core.type.TypeReference<
                            TreeMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
