package io.aimonitor.api.auth;

/**
 * Who is calling: a user (with the access token's id and expiry) or an API key.
 *
 * @param id the user or key id
 * @param name the username or key name, as recorded in the audit log
 * @param tokenId the access token's jti (null for API keys)
 * @param expiresAtMillis when the access token expires (0 for API keys)
 */
public record Principal(
        String id, String name, Role role, Kind kind, String tokenId, long expiresAtMillis) {
    public enum Kind {
        USER,
        API_KEY
    }

    public String auditName() {
        return kind == Kind.API_KEY ? "key:" + name : name;
    }
}
