package io.aimonitor.api.shared;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** Shared state for a single replica, in memory, bounded, expired lazily and on a size cap. */
public final class InProcessState implements SharedState {
    private static final int MAX_ENTRIES = 200_000;

    private record Expiring(String value, long expiresAt) {}

    private record Counter(long value, long resetsAt) {}

    private final LongSupplier clock;
    private final Map<String, Long> denied = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Expiring> cache = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();

    public InProcessState(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public void denyToken(String tokenId, long untilMillis) {
        prune(denied, e -> e < clock.getAsLong());
        denied.put(tokenId, untilMillis);
    }

    @Override
    public boolean tokenDenied(String tokenId) {
        Long until = denied.get(tokenId);
        return until != null && until >= clock.getAsLong();
    }

    @Override
    public long increment(String counter, Duration window) {
        long now = clock.getAsLong();
        prune(counters, c -> c.resetsAt() <= now);
        return counters.compute(
                        counter,
                        (k, c) ->
                                c == null || c.resetsAt() <= now
                                        ? new Counter(1, now + window.toMillis())
                                        : new Counter(c.value() + 1, c.resetsAt()))
                .value();
    }

    @Override
    public Count count(String counter) {
        long now = clock.getAsLong();
        Counter c = counters.get(counter);
        return c == null || c.resetsAt() <= now
                ? new Count(0, 0)
                : new Count(c.value(), c.resetsAt() - now);
    }

    @Override
    public void reset(String counter) {
        counters.remove(counter);
    }

    @Override
    public Optional<String> cached(String key) {
        Expiring e = cache.get(key);
        return e == null || e.expiresAt() < clock.getAsLong()
                ? Optional.empty()
                : Optional.of(e.value());
    }

    @Override
    public void cache(String key, String value, Duration ttl) {
        long now = clock.getAsLong();
        prune(cache, e -> e.expiresAt() < now);
        cache.put(key, new Expiring(value, now + ttl.toMillis()));
    }

    @Override
    public void publish(String message) {
        for (Consumer<String> s : subscribers) {
            s.accept(message);
        }
    }

    @Override
    public void subscribe(Consumer<String> subscriber) {
        subscribers.add(subscriber);
    }

    @Override
    public void ping() {
        // always reachable
    }

    @Override
    public String name() {
        return "in-process";
    }

    /** Drops expired entries once a map is large; if still too large, starts over (a cache). */
    private static <V> void prune(Map<String, V> map, java.util.function.Predicate<V> expired) {
        if (map.size() < MAX_ENTRIES) {
            return;
        }
        map.values().removeIf(expired);
        if (map.size() >= MAX_ENTRIES) {
            map.clear();
        }
    }

    @Override
    public void close() {
        subscribers.clear();
    }
}
