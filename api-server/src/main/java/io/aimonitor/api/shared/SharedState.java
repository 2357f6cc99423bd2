package io.aimonitor.api.shared;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * State that several API replicas must share: revoked tokens, failure counters for throttling,
 * cached query results, and the live alert fan-out. With Redis configured it lives there; a single
 * replica uses the in-process implementation behind the same interface.
 */
public interface SharedState extends AutoCloseable {

    /** Marks an access token id revoked until it would have expired anyway. */
    void denyToken(String tokenId, long untilMillis);

    boolean tokenDenied(String tokenId);

    /**
     * Adds one to a counter that restarts {@code window} after its first increment; returns the
     * count.
     */
    long increment(String counter, Duration window);

    /** The counter's value and how long until it restarts (0 when absent). */
    Count count(String counter);

    void reset(String counter);

    Optional<String> cached(String key);

    void cache(String key, String value, Duration ttl);

    /** Sends a message to every replica's subscribers (this one included). */
    void publish(String message);

    void subscribe(Consumer<String> subscriber);

    /** Throws when the backing store does not answer. */
    void ping();

    String name();

    @Override
    void close();

    record Count(long value, long resetsInMillis) {}
}
