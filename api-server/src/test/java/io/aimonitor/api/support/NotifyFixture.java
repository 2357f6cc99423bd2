package io.aimonitor.api.support;

import io.aimonitor.api.alerts.Silences;
import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.metadata.AckRepository;
import io.aimonitor.api.metadata.ChannelRepository;
import io.aimonitor.api.metadata.MetadataDatabase;
import io.aimonitor.api.metadata.NotifyStore;
import io.aimonitor.api.metadata.PolicyRepository;
import io.aimonitor.api.metadata.SilenceRepository;
import io.aimonitor.api.notify.ChannelService;
import io.aimonitor.api.notify.PolicyService;
import io.aimonitor.api.notify.channel.AddressPolicy;
import io.aimonitor.api.notify.channel.ChannelSenders;
import io.aimonitor.api.notify.channel.SafeHttp;
import io.aimonitor.api.notify.channel.SecretBox;
import io.aimonitor.api.notify.dispatch.DeliveryWorker;
import io.aimonitor.api.notify.dispatch.NotificationEngine;
import io.aimonitor.api.notify.dispatch.NotifyMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * The notification pipeline on a real metadata database with a test clock: engine, delivery worker
 * and the services around them, reaching test receivers on 127.0.0.2 only.
 */
public final class NotifyFixture {
    public static final String RECEIVER_HOST = "127.0.0.2";

    public final TestClock clock = new TestClock(1_800_000_000_000L);
    public final AckRepository acks;
    public final Silences silences;
    public final NotifyStore store;
    public final PolicyService policies;
    public final ChannelService channels;
    public final NotificationEngine engine;
    public final DeliveryWorker worker;
    public final PrometheusRegistry registry = new PrometheusRegistry();

    public NotifyFixture(MetadataDatabase db, AimonitorConfig.Email email) {
        AddressPolicy addresses = new AddressPolicy(List.of(RECEIVER_HOST));
        SafeHttp http = new SafeHttp(addresses, Duration.ofSeconds(5));
        AimonitorConfig.Notifications n =
                new AimonitorConfig.Notifications(
                        "https://aimonitor.example.com",
                        List.of(RECEIVER_HOST),
                        "",
                        Duration.ofSeconds(5),
                        4);
        ChannelSenders senders = new ChannelSenders(email, n, addresses, http, clock);
        ChannelRepository channelRepository = new ChannelRepository(db);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        acks = new AckRepository(db);
        silences = new Silences(new SilenceRepository(db), clock);
        store = new NotifyStore(db);
        policies = new PolicyService(new PolicyRepository(db), channelRepository, clock);
        channels =
                new ChannelService(
                        channelRepository,
                        new SecretBox(key),
                        http,
                        addresses,
                        senders,
                        policies::policy,
                        clock);
        engine = new NotificationEngine(store, policies, channels, silences, acks, clock);
        worker =
                new DeliveryWorker(
                        store,
                        channels,
                        senders,
                        new NotifyMetrics(registry),
                        clock,
                        4,
                        Duration.ofSeconds(5),
                        4,
                        a -> a);
    }

    /** Flushes due groups, then sends what is due, in this thread. */
    public void tick() {
        engine.flushDue();
        engine.escalate();
        worker.deliverDue(Runnable::run);
    }

    public void advance(Duration d) {
        clock.advance(d);
    }
}
