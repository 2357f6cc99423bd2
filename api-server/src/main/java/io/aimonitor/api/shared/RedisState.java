package io.aimonitor.api.shared;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.params.SetParams;

/** Shared state in Redis, so that any number of API replicas agree. Keys are prefixed. */
public final class RedisState implements SharedState {
    private static final Logger LOG = LoggerFactory.getLogger(RedisState.class);
    private static final String INCREMENT =
            "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return c";

    private final JedisPooled redis;
    private final String prefix;
    private final String channel;
    private final CopyOnWriteArrayList<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();
    private volatile Thread listener;
    private volatile JedisPubSub pubSub;
    private volatile boolean closed;

    public RedisState(String url, String prefix) {
        this.redis = new JedisPooled(URI.create(url));
        this.prefix = prefix;
        this.channel = prefix + "alerts";
    }

    @Override
    public void denyToken(String tokenId, long untilMillis) {
        redis.set(prefix + "deny:" + tokenId, "1", SetParams.setParams().pxAt(untilMillis));
    }

    @Override
    public boolean tokenDenied(String tokenId) {
        return redis.exists(prefix + "deny:" + tokenId);
    }

    @Override
    public long increment(String counter, Duration window) {
        Object result =
                redis.eval(
                        INCREMENT,
                        List.of(prefix + "count:" + counter),
                        List.of(Long.toString(window.toMillis())));
        return (Long) result;
    }

    @Override
    public Count count(String counter) {
        String key = prefix + "count:" + counter;
        String value = redis.get(key);
        if (value == null) {
            return new Count(0, 0);
        }
        return new Count(Long.parseLong(value), Math.max(0, redis.pttl(key)));
    }

    @Override
    public void reset(String counter) {
        redis.del(prefix + "count:" + counter);
    }

    @Override
    public Optional<String> cached(String key) {
        return Optional.ofNullable(redis.get(prefix + "cache:" + key));
    }

    @Override
    public void cache(String key, String value, Duration ttl) {
        redis.set(prefix + "cache:" + key, value, SetParams.setParams().px(ttl.toMillis()));
    }

    @Override
    public void publish(String message) {
        redis.publish(channel, message);
    }

    @Override
    public synchronized void subscribe(Consumer<String> subscriber) {
        subscribers.add(subscriber);
        if (listener == null) {
            listener = new Thread(this::listen, "redis-alert-fanout");
            listener.setDaemon(true);
            listener.start();
        }
    }

    /** Subscribes and keeps resubscribing after connection losses until closed. */
    private void listen() {
        while (!closed) {
            pubSub =
                    new JedisPubSub() {
                        @Override
                        public void onMessage(String ch, String message) {
                            for (Consumer<String> s : subscribers) {
                                try {
                                    s.accept(message);
                                } catch (RuntimeException e) {
                                    LOG.warn("alert subscriber failed: {}", e.getMessage());
                                }
                            }
                        }
                    };
            try {
                redis.subscribe(pubSub, channel);
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warn("Redis subscription lost ({}); resubscribing in 1 s", e.getMessage());
                    sleepQuietly();
                }
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once this replica is subscribed (messages published before that are not received). */
    public boolean subscribed() {
        JedisPubSub p = pubSub;
        return p != null && p.isSubscribed();
    }

    @Override
    public void ping() {
        redis.ping();
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public void close() {
        closed = true;
        JedisPubSub p = pubSub;
        if (p != null && p.isSubscribed()) {
            p.unsubscribe();
        }
        redis.close();
    }
}
