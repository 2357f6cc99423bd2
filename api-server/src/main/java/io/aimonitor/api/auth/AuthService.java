package io.aimonitor.api.auth;

import io.aimonitor.api.metadata.UserRepository;
import io.aimonitor.api.shared.SharedState;
import java.util.Optional;

/** Logins, token refresh and logout. */
public final class AuthService {
    public record Tokens(
            String accessToken,
            long expiresAtMillis,
            String refreshToken,
            UserRepository.User user) {}

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final JwtService jwt;
    private final RefreshTokens refreshTokens;
    private final LoginThrottle throttle;
    private final SharedState state;

    public AuthService(
            UserRepository users,
            PasswordHasher hasher,
            JwtService jwt,
            RefreshTokens refreshTokens,
            LoginThrottle throttle,
            SharedState state) {
        this.users = users;
        this.hasher = hasher;
        this.jwt = jwt;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
        this.state = state;
    }

    /** Throttling is checked before any hashing, so a flood of guesses costs the server nothing. */
    public Tokens login(String username, String password, String address) {
        throttle.check(username, address);
        Optional<UserRepository.User> user = users.byUsername(username);
        boolean ok;
        if (user.isPresent()) {
            ok = hasher.verify(password, user.get().passwordHash());
        } else {
            hasher.verifyDecoy(password);
            ok = false;
        }
        if (!ok || user.get().disabled()) {
            throttle.failed(username, address);
            throw AuthException.unauthenticated("wrong username or password");
        }
        throttle.succeeded(username);
        return tokens(user.get(), refreshTokens.issue(user.get().id()));
    }

    public Tokens refresh(String refreshToken) {
        RefreshTokens.Rotated rotated = refreshTokens.rotate(refreshToken);
        UserRepository.User user =
                users.byId(rotated.userId())
                        .filter(u -> !u.disabled())
                        .orElseThrow(
                                () ->
                                        AuthException.unauthenticated(
                                                "the user no longer exists or is disabled"));
        return tokens(user, rotated.token());
    }

    /** Denies the access token until it expires and revokes the refresh token's family. */
    public void logout(Principal principal, String refreshToken) {
        if (principal.tokenId() != null) {
            state.denyToken(principal.tokenId(), principal.expiresAtMillis());
        }
        if (refreshToken != null && !refreshToken.isBlank()) {
            refreshTokens.revokeFamilyOf(refreshToken);
        }
    }

    public Principal verifyAccessToken(String token) {
        Principal principal = jwt.verify(token);
        if (state.tokenDenied(principal.tokenId())) {
            throw AuthException.unauthenticated("access token revoked");
        }
        return principal;
    }

    private Tokens tokens(UserRepository.User user, String refreshToken) {
        JwtService.Issued access = jwt.issue(user.id(), user.username(), user.role());
        return new Tokens(access.token(), access.expiresAtMillis(), refreshToken, user);
    }
}
