package io.aimonitor.api.auth;

import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.shared.SharedState;
import java.util.Locale;

/**
 * Counts failed logins per account and per client address in a window; over either limit, logins
 * are refused with 429 before any password is hashed.
 */
public final class LoginThrottle {
    private final SharedState state;
    private final AimonitorConfig.Auth config;

    public LoginThrottle(SharedState state, AimonitorConfig.Auth config) {
        this.state = state;
        this.config = config;
    }

    /** Throws when this account or address has failed too often recently. */
    public void check(String account, String address) {
        SharedState.Count perAccount = state.count(accountKey(account));
        SharedState.Count perAddress = state.count(addressKey(address));
        if (perAccount.value() >= config.maxFailuresPerAccount()) {
            throw AuthException.throttled(seconds(perAccount.resetsInMillis()));
        }
        if (perAddress.value() >= config.maxFailuresPerAddress()) {
            throw AuthException.throttled(seconds(perAddress.resetsInMillis()));
        }
    }

    public void failed(String account, String address) {
        state.increment(accountKey(account), config.failureWindow());
        state.increment(addressKey(address), config.failureWindow());
    }

    public void succeeded(String account) {
        state.reset(accountKey(account));
    }

    private static String accountKey(String account) {
        return "login-account:" + account.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return "login-address:" + address;
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
