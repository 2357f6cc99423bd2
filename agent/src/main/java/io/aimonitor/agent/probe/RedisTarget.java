package io.aimonitor.agent.probe;

import io.aimonitor.agent.collect.Sample;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Redis from {@code INFO}: clients, memory, operations per second, keyspace hits and misses with
 * the hit ratio, evictions and expirations, and keys per database.
 */
final class RedisTarget implements Target {
    private final HostAndPort address;
    private final DefaultJedisClientConfig config;
    private Jedis jedis;

    RedisTarget(String url, String password) {
        URI uri = URI.create(url);
        address = new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
        DefaultJedisClientConfig.Builder b =
                DefaultJedisClientConfig.builder()
                        .connectionTimeoutMillis(5000)
                        .socketTimeoutMillis(10000)
                        .clientName("aimonitor-agent")
                        .ssl("rediss".equals(uri.getScheme()));
        if (!password.isEmpty()) {
            b.password(password);
        }
        config = b.build();
    }

    @Override
    public List<Sample> read() {
        Map<String, String> info = new HashMap<>();
        try {
            if (jedis == null) {
                jedis = new Jedis(address, config);
            }
            for (String line : jedis.info().split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("#")) {
                    info.put(line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        List<Sample> out = new ArrayList<>();
        StatusValues v = new StatusValues(info, out);
        v.gauge("connected_clients", "redis.clients.connected", "{client}");
        v.gauge("blocked_clients", "redis.clients.blocked", "{client}");
        v.gauge("used_memory", "redis.memory.used", "By");
        v.gauge("used_memory_rss", "redis.memory.rss", "By");
        v.gauge("maxmemory", "redis.memory.limit", "By");
        v.gauge("instantaneous_ops_per_sec", "redis.commands.rate", "{command}/s");
        v.counter("total_commands_processed", "redis.commands.processed", "{command}");
        v.counter("keyspace_hits", "redis.keyspace.hits", "{hit}");
        v.counter("keyspace_misses", "redis.keyspace.misses", "{miss}");
        v.counter("evicted_keys", "redis.keys.evicted", "{key}");
        v.counter("expired_keys", "redis.keys.expired", "{key}");
        double hits = v.number("keyspace_hits");
        double misses = v.number("keyspace_misses");
        if (hits + misses > 0) {
            out.add(Sample.gauge("redis.keyspace.hit_ratio", "1", hits / (hits + misses)));
        }
        info.forEach(
                (key, value) -> {
                    if (key.matches("db\\d+")) {
                        for (String part : value.split(",")) {
                            String[] kv = part.split("=");
                            if (kv[0].equals("keys") || kv[0].equals("expires")) {
                                out.add(
                                        Sample.gauge(
                                                "redis.db." + kv[0],
                                                "{key}",
                                                Double.parseDouble(kv[1]),
                                                "db",
                                                key.substring(2)));
                            }
                        }
                    }
                });
        return out;
    }

    @Override
    public void close() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
            jedis = null;
        }
    }
}
