package io.aimonitor.api.notify.dispatch;

import io.aimonitor.api.metadata.NotifyStore;
import io.aimonitor.api.notify.ChannelService;
import io.aimonitor.api.notify.Notice;
import io.aimonitor.api.notify.channel.Channel;
import io.aimonitor.api.notify.channel.ChannelSenders;
import io.aimonitor.api.notify.channel.DeliveryException;
import io.aimonitor.schemas.alerts.AlertEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends pending notifications. Each attempt claims its notification with a lease (a replica that
 * dies mid-send leaves it to be retried: at least once). Failures worth retrying - 5xx, 429,
 * network - wait exponentially longer (1 s doubling, at most 5 min) or as long as Retry-After asks
 * (at most 1 h), up to the configured attempts; other failures end the notification. At most {@link
 * #PER_CHANNEL} deliveries to one channel run at a time, so a receiver that hangs holds up only its
 * own queue, not every channel's.
 */
public final class DeliveryWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final long MAX_BACKOFF_MS = 300_000;
    private static final long MAX_RETRY_AFTER_MS = 3_600_000;
    static final int PER_CHANNEL = 2;

    private final NotifyStore store;
    private final ChannelService channels;
    private final ChannelSenders senders;
    private final NotifyMetrics metrics;
    private final Clock clock;
    private final int maxAttempts;
    private final long leaseMs;
    private final Semaphore slots;
    private final java.util.concurrent.ConcurrentMap<String, Integer> busy =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final UnaryOperator<AlertEvent> annotate;

    public DeliveryWorker(
            NotifyStore store,
            ChannelService channels,
            ChannelSenders senders,
            NotifyMetrics metrics,
            Clock clock,
            int maxAttempts,
            Duration timeout,
            int concurrency,
            UnaryOperator<AlertEvent> annotate) {
        this.annotate = annotate;
        this.store = store;
        this.channels = channels;
        this.senders = senders;
        this.metrics = metrics;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        // an attempt is bounded by twice the timeout (see SafeHttp); keep a margin
        this.leaseMs = timeout.toMillis() * 3 + 5_000;
        this.slots = new Semaphore(concurrency);
    }

    /** Starts every due notification there is a free slot for; returns how many. */
    public int deliverDue(Executor executor) {
        int free = slots.availablePermits();
        if (free == 0) {
            return 0;
        }
        long now = clock.millis();
        int started = 0;
        // more than the free slots: rows of channels already busy are passed over
        for (NotifyStore.Notification n : store.dueNotifications(now, free * 8)) {
            if (busy.getOrDefault(n.channelId(), 0) >= PER_CHANNEL) {
                continue;
            }
            if (!slots.tryAcquire()) {
                break;
            }
            if (!store.claimDelivery(n.id(), now, now + leaseMs)) {
                slots.release();
                continue;
            }
            busy.merge(n.channelId(), 1, Integer::sum);
            started++;
            executor.execute(
                    () -> {
                        try {
                            attempt(n, n.attempts() + 1);
                        } finally {
                            busy.computeIfPresent(n.channelId(), (k, c) -> c <= 1 ? null : c - 1);
                            slots.release();
                        }
                    });
        }
        return started;
    }

    private void attempt(NotifyStore.Notification n, int attempt) {
        Channel channel;
        try {
            channel = channels.open(n.channelId());
        } catch (IllegalStateException | IllegalArgumentException e) {
            // its secrets do not open with this server's key (replicas with different keys?):
            // no later attempt would do better (a database error, by contrast, is retried once the
            // lease runs out)
            store.failed(n.id(), "the channel cannot be opened: " + e.getMessage(), clock.millis());
            LOG.error("notification {}: channel {} cannot be opened", n.id(), n.channelId(), e);
            return;
        }
        if (channel == null) {
            store.failed(n.id(), "the channel was deleted", clock.millis());
            return;
        }
        String type = channel.type().text();
        try {
            Notice notice = Notice.fromJson(n.payload());
            // the incident's analysis is usually ready by the time a group is sent
            notice = notice.withAlerts(notice.alerts().stream().map(annotate).toList());
            senders.of(channel.type()).send(channel, notice);
            long now = clock.millis();
            store.delivered(n.id(), now);
            metrics.delivered(type, n.createdAt(), now);
        } catch (DeliveryException e) {
            long now = clock.millis();
            if (e.retryable() && attempt < maxAttempts) {
                long delay =
                        e.retryAfterSeconds() != null
                                ? Math.min(e.retryAfterSeconds() * 1000, MAX_RETRY_AFTER_MS)
                                : Math.min(1000L << Math.min(attempt - 1, 20), MAX_BACKOFF_MS);
                store.retryAt(n.id(), e.getMessage(), now + delay);
                metrics.outcome(type, "retried");
            } else {
                store.failed(
                        n.id(),
                        e.getMessage()
                                + (e.retryable()
                                        ? " (gave up after " + attempt + " attempts)"
                                        : ""),
                        now);
                metrics.outcome(type, "failed");
                LOG.warn(
                        "notification {} to channel {} failed: {}",
                        n.id(),
                        channel.name(),
                        e.getMessage());
            }
        } catch (RuntimeException e) {
            store.failed(n.id(), "internal error: " + e, clock.millis());
            metrics.outcome(type, "failed");
            LOG.error("notification {} to channel {} failed", n.id(), channel.name(), e);
        }
    }
}
