package io.aimonitor.api.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Binding and cross-field checks of the sections beyond the ingest path. */
final class ConfigSections {
    private ConfigSections() {}

    static AimonitorConfig.Database database(ConfigValues v) {
        String type = v.oneOf("database.type", Set.of("sqlite", "postgresql"));
        String url = v.string("database.url");
        if (type.equals("postgresql") && !url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException(
                    "database.url: must be a jdbc:postgresql://host:port/database URL when database.type is postgresql, got '"
                            + url
                            + "'");
        }
        return new AimonitorConfig.Database(
                type,
                url,
                v.string("database.user"),
                v.string("database.password"),
                v.integer("database.pool-size", 1, 200));
    }

    static AimonitorConfig.Redis redis(ConfigValues v) {
        String url = v.string("redis.url");
        if (!url.isEmpty() && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new ConfigException(
                    "redis.url: must start with redis:// or rediss://, got '" + url + "'");
        }
        String prefix = v.string("redis.key-prefix");
        if (prefix.isBlank()) {
            throw new ConfigException(
                    "redis.key-prefix: must not be empty (it keeps deployments sharing a Redis apart)");
        }
        return new AimonitorConfig.Redis(url, prefix);
    }

    static AimonitorConfig.Jwt jwt(ConfigValues v) {
        String algorithm = v.oneOf("jwt.algorithm", Set.of("HS256", "RS256"));
        String secret = v.string("jwt.secret");
        String privateKey = v.string("jwt.private-key-file");
        String publicKey = v.string("jwt.public-key-file");
        if (algorithm.equals("HS256")
                && !secret.isEmpty()
                && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException("jwt.secret: must be at least 32 bytes (256 bits) for HS256");
        }
        if (algorithm.equals("RS256")) {
            for (String[] key :
                    new String[][] {
                        {"jwt.private-key-file", privateKey}, {"jwt.public-key-file", publicKey}
                    }) {
                if (key[1].isEmpty() || !Files.isRegularFile(Path.of(key[1]))) {
                    throw new ConfigException(
                            key[0]
                                    + ": must name an existing PEM file when jwt.algorithm is RS256");
                }
            }
        }
        Duration access = v.duration("jwt.access-token-ttl", Duration.ofMinutes(1));
        Duration refresh = v.duration("jwt.refresh-token-ttl", Duration.ofMinutes(5));
        if (access.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException(
                    "jwt.access-token-ttl: must be at most 1h (access tokens are short-lived; use refresh tokens)");
        }
        return new AimonitorConfig.Jwt(
                algorithm,
                secret,
                privateKey,
                publicKey,
                v.string("jwt.issuer"),
                v.string("jwt.audience"),
                access,
                refresh);
    }

    static AimonitorConfig.Auth auth(ConfigValues v) {
        String admin = v.string("auth.admin-username");
        if (admin.isEmpty()) {
            throw new ConfigException("auth.admin-username: is required");
        }
        return new AimonitorConfig.Auth(
                admin,
                v.string("auth.admin-password"),
                v.integer("auth.max-failures-per-account", 1, 1000),
                v.integer("auth.max-failures-per-address", 1, 100_000),
                v.duration("auth.failure-window", Duration.ofSeconds(1)));
    }

    static AimonitorConfig.Apm apm(ConfigValues v) {
        AimonitorConfig.Apm apm =
                new AimonitorConfig.Apm(
                        v.duration("apm.window", Duration.ofSeconds(1)),
                        v.duration("apm.out-of-orderness", Duration.ZERO),
                        v.duration("apm.allowed-lateness", Duration.ZERO),
                        v.duration("apm.trace-quiet", Duration.ofMillis(100)));
        if (apm.window().compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException("apm.window: at most 1h");
        }
        if (apm.allowedLateness().compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigException(
                    "apm.allowed-lateness: at most 1d (windows are kept that long)");
        }
        return apm;
    }

    static AimonitorConfig.Ai ai(ConfigValues v) {
        String provider =
                v.oneOf(
                        "ai.provider",
                        Set.of("none", "openai", "anthropic", "ollama", "openai-compatible"));
        String baseUrl = v.string("ai.base-url");
        String apiKey = v.string("ai.api-key");
        String model = v.string("ai.model");
        if (!provider.equals("none") && model.isEmpty()) {
            throw new ConfigException("ai.model: is required when ai.provider is " + provider);
        }
        if ((provider.equals("openai") || provider.equals("anthropic")) && apiKey.isEmpty()) {
            throw new ConfigException("ai.api-key: is required when ai.provider is " + provider);
        }
        if ((provider.equals("openai-compatible") || provider.equals("ollama"))
                && baseUrl.isEmpty()) {
            throw new ConfigException("ai.base-url: is required when ai.provider is " + provider);
        }
        return new AimonitorConfig.Ai(
                provider,
                baseUrl,
                apiKey,
                model,
                v.duration("ai.timeout", Duration.ofSeconds(1)),
                v.integer("ai.max-retries", 0, 10),
                v.integer("ai.max-calls-per-minute", 1, 10_000),
                v.integer("ai.max-calls-per-day", 1, 1_000_000));
    }

    static AimonitorConfig.Email email(ConfigValues v) {
        String host = v.string("email.smtp-host");
        String from = v.string("email.from");
        if (!host.isEmpty() && !from.contains("@")) {
            throw new ConfigException("email.from: must be an address when email.smtp-host is set");
        }
        return new AimonitorConfig.Email(
                host,
                v.integer("email.smtp-port", 1, 65535),
                v.oneOf("email.security", Set.of("none", "starttls", "tls")),
                v.string("email.username"),
                v.string("email.password"),
                from);
    }

    static AimonitorConfig.Notifications notifications(ConfigValues v) {
        String publicUrl = v.string("notifications.public-url");
        if (!publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
            throw new ConfigException(
                    "notifications.public-url: must be an http(s) URL, got '" + publicUrl + "'");
        }
        String key = v.string("notifications.secret-key");
        if (!key.isEmpty()) {
            byte[] bytes;
            try {
                bytes = java.util.Base64.getDecoder().decode(key);
            } catch (IllegalArgumentException e) {
                bytes = new byte[0];
            }
            if (bytes.length != 32) {
                throw new ConfigException(
                        "notifications.secret-key: must be the base64 of 32 random bytes (e.g. openssl rand -base64 32)");
            }
        }
        return new AimonitorConfig.Notifications(
                publicUrl.replaceAll("/+$", ""),
                v.list("notifications.allowed-hosts"),
                key,
                v.duration("notifications.timeout", Duration.ofMillis(100)),
                v.integer("notifications.max-attempts", 1, 100));
    }

    static AimonitorConfig.Logging logging(ConfigValues v) {
        return new AimonitorConfig.Logging(
                v.oneOf("logging.level", Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR")),
                v.oneOf("logging.format", Set.of("json", "text")));
    }
}
