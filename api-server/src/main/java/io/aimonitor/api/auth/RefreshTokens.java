package io.aimonitor.api.auth;

import io.aimonitor.api.metadata.Ids;
import io.aimonitor.api.metadata.RefreshTokenRepository;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotating refresh tokens: each use spends the token and issues its successor in the same family.
 * Presenting a spent token means it was copied - the whole family (the login it came from) is
 * revoked.
 */
public final class RefreshTokens {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshTokens.class);

    public record Rotated(String userId, String token) {}

    private final RefreshTokenRepository repository;
    private final Duration ttl;
    private final Clock clock;

    public RefreshTokens(RefreshTokenRepository repository, Duration ttl, Clock clock) {
        this.repository = repository;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A new family (a new login). */
    public String issue(String userId) {
        return issue(userId, Ids.newId());
    }

    private String issue(String userId, String familyId) {
        String token = Hashes.randomUrlSafe(32);
        long now = clock.millis();
        repository.insert(
                new RefreshTokenRepository.RefreshToken(
                        Hashes.sha256(token),
                        familyId,
                        userId,
                        now,
                        now + ttl.toMillis(),
                        null,
                        null));
        return token;
    }

    public Rotated rotate(String token) {
        long now = clock.millis();
        RefreshTokenRepository.RefreshToken stored =
                repository
                        .byHash(Hashes.sha256(token))
                        .orElseThrow(() -> AuthException.unauthenticated("unknown refresh token"));
        if (stored.revokedAt() != null) {
            throw AuthException.unauthenticated("refresh token revoked");
        }
        if (stored.expiresAt() < now) {
            throw AuthException.unauthenticated("refresh token expired");
        }
        if (stored.usedAt() != null || !repository.markUsed(stored.tokenHash(), now)) {
            repository.revokeFamily(stored.familyId(), now);
            LOG.warn("Refresh token reuse for user {}: revoked its token family", stored.userId());
            throw AuthException.unauthenticated(
                    "refresh token already used; every session of this login is revoked");
        }
        return new Rotated(stored.userId(), issue(stored.userId(), stored.familyId()));
    }

    /** Revokes the family of {@code token} (logout); unknown tokens are ignored. */
    public void revokeFamilyOf(String token) {
        repository
                .byHash(Hashes.sha256(token))
                .ifPresent(t -> repository.revokeFamily(t.familyId(), clock.millis()));
    }

    public void revokeAllOf(String userId) {
        repository.revokeAllOf(userId, clock.millis());
    }
}
