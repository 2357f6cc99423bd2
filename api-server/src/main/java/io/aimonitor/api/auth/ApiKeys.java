package io.aimonitor.api.auth;

import io.aimonitor.api.metadata.ApiKeyRepository;
import io.aimonitor.api.metadata.Ids;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * API keys for agents and automation: {@code aim_} followed by 40 random characters, stored as a
 * SHA-256 hash, shown once, with a role, revocable.
 */
public final class ApiKeys {
    public static final String PREFIX = "aim_";

    public record Created(ApiKeyRepository.ApiKey key, String secret) {}

    private final ApiKeyRepository repository;
    private final Clock clock;

    public ApiKeys(ApiKeyRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Created create(String name, Role role, String createdBy) {
        String secret = PREFIX + Hashes.randomBase62(40);
        ApiKeyRepository.ApiKey key =
                new ApiKeyRepository.ApiKey(
                        Ids.newId(),
                        name,
                        secret.substring(0, 12),
                        Hashes.sha256(secret),
                        role,
                        createdBy,
                        clock.millis(),
                        null,
                        null);
        repository.insert(key);
        return new Created(key, secret);
    }

    public Optional<Principal> authenticate(String secret) {
        return repository
                .byHash(Hashes.sha256(secret))
                .filter(k -> k.revokedAt() == null)
                .map(
                        k -> {
                            long now = clock.millis();
                            if (k.lastUsedAt() == null || now - k.lastUsedAt() > 60_000) {
                                repository.touch(k.id(), now);
                            }
                            return new Principal(
                                    k.id(), k.name(), k.role(), Principal.Kind.API_KEY, null, 0);
                        });
    }

    public List<ApiKeyRepository.ApiKey> all() {
        return repository.all();
    }

    public boolean revoke(String id) {
        return repository.revoke(id, clock.millis());
    }

    public static boolean looksLikeKey(String credential) {
        return credential.startsWith(PREFIX);
    }
}
