package io.aimonitor.api.notify.dispatch;

import io.aimonitor.schemas.alerts.AlertEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs notification dispatch in the API server: a Kafka consumer (group {@code aimonitor-notifier},
 * offsets committed only after the events are stored) feeds the engine; a scheduler flushes due
 * groups and takes escalation steps; a delivery loop sends what is pending. Each loop sleeps at
 * most 200 ms and is woken early when there is work.
 */
public final class NotificationDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
    private static final long TICK_MS = 200;
    private static final long HOUSEKEEPING_MS = 1000;

    private final NotificationEngine engine;
    private final DeliveryWorker worker;
    private final KafkaConsumer<String, String> consumer;
    private final String alertsTopic;
    private final ExecutorService senders;
    private final Wakeup scheduleWakeup = new Wakeup();
    private final Wakeup deliveryWakeup = new Wakeup();
    private final List<Thread> threads;
    private final Consumer<AlertEvent> observer; // e.g. incident analysis; best effort
    private volatile boolean running = true;
    private boolean started;

    public NotificationDispatcher(
            NotificationEngine engine,
            DeliveryWorker worker,
            String bootstrapServers,
            String alertsTopic,
            int concurrency,
            Consumer<AlertEvent> observer) {
        this.engine = engine;
        this.observer = observer;
        this.worker = worker;
        this.alertsTopic = alertsTopic;
        this.consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "aimonitor-notifier",
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false),
                        new StringDeserializer(),
                        new StringDeserializer());
        AtomicInteger n = new AtomicInteger();
        this.senders =
                Executors.newFixedThreadPool(
                        concurrency,
                        r -> {
                            Thread t = new Thread(r, "notify-send-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        this.threads =
                List.of(
                        thread("notify-consumer", this::consume),
                        thread("notify-scheduler", this::schedule),
                        thread("notify-delivery", this::deliver));
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    public void start() {
        consumer.subscribe(List.of(alertsTopic));
        threads.forEach(Thread::start);
        started = true;
    }

    private void consume() {
        while (running) {
            try {
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(500));
                boolean stored = false;
                boolean failed = false;
                for (TopicPartition tp : batch.partitions()) {
                    for (ConsumerRecord<String, String> r : batch.records(tp)) {
                        if (failed || !take(r)) {
                            // rewind to what is not stored yet: the commit below stops there
                            consumer.seek(tp, r.offset());
                            failed = true;
                            break;
                        }
                        stored = true;
                    }
                }
                if (stored) {
                    consumer.commitSync();
                    scheduleWakeup.signal();
                }
                if (failed) {
                    pause();
                }
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                LOG.warn("reading alerts for notifications failed, retrying: {}", e.getMessage());
                pause();
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    /** Stores one event; false when the store failed (the event must be read again). */
    private boolean take(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            return true;
        }
        AlertEvent event;
        try {
            event = AlertEvent.fromJson(r.value());
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "skipping a malformed alert event at {}-{}: {}",
                    r.partition(),
                    r.offset(),
                    e.getMessage());
            return true;
        }
        try {
            engine.onAlert(event);
            try {
                observer.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("alert observer failed on {}: {}", event.fingerprint(), e.getMessage());
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warn(
                    "storing alert {} for notification failed, retrying: {}",
                    event.fingerprint(),
                    e.getMessage());
            return false;
        }
    }

    private void schedule() {
        long nextHousekeeping = 0;
        while (running) {
            try {
                if (engine.flushDue() > 0) {
                    deliveryWakeup.signal();
                }
                long now = System.currentTimeMillis();
                if (now >= nextHousekeeping) {
                    if (engine.escalate() > 0) {
                        deliveryWakeup.signal();
                    }
                    engine.housekeeping();
                    nextHousekeeping = now + HOUSEKEEPING_MS;
                }
            } catch (RuntimeException e) {
                LOG.warn("notification scheduling failed, retrying: {}", e.getMessage());
            }
            scheduleWakeup.await(TICK_MS);
        }
    }

    private void deliver() {
        while (running) {
            try {
                // a finished send frees a slot: look for more work at once
                worker.deliverDue(
                        send ->
                                senders.execute(
                                        () -> {
                                            send.run();
                                            deliveryWakeup.signal();
                                        }));
            } catch (RuntimeException e) {
                LOG.warn("notification delivery failed, retrying: {}", e.getMessage());
            }
            deliveryWakeup.await(TICK_MS);
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        scheduleWakeup.signal();
        deliveryWakeup.signal();
        consumer.wakeup();
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!started) {
            consumer.close(Duration.ofSeconds(1));
        }
        senders.shutdown();
        try {
            // deliveries in flight finish (or their leases expire and another replica retries)
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A sleep that ends early when signalled. */
    private static final class Wakeup {
        private boolean signalled;

        synchronized void signal() {
            signalled = true;
            notifyAll();
        }

        synchronized void await(long ms) {
            if (!signalled) {
                try {
                    wait(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            signalled = false;
        }
    }
}
