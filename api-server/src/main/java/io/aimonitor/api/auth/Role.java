package io.aimonitor.api.auth;

import io.javalin.security.RouteRole;
import java.util.Locale;

/**
 * Who may do what. Users are admins, editors or viewers; API keys may also be ingest-only (agents,
 * collectors) or RUM-only (Web Vitals from browsers: the key is public in every page, so it can
 * post nothing else). A route declares the least role it needs; {@link #PUBLIC} routes need none.
 */
public enum Role implements RouteRole {
    PUBLIC,
    RUM,
    INGEST,
    VIEWER,
    EDITOR,
    ADMIN;

    /** Whether a principal with this role may use a route that requires {@code required}. */
    public boolean grants(Role required) {
        return switch (required) {
            case PUBLIC -> true;
            case RUM -> this == RUM || this == INGEST || this == EDITOR || this == ADMIN;
            case INGEST -> this == INGEST || this == EDITOR || this == ADMIN;
            case VIEWER -> this == VIEWER || this == EDITOR || this == ADMIN;
            case EDITOR -> this == EDITOR || this == ADMIN;
            case ADMIN -> this == ADMIN;
        };
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A role a user or key can hold, from its text; null for anything else. */
    public static Role assignable(String text) {
        for (Role r : values()) {
            if (r != PUBLIC && r.text().equals(text)) {
                return r;
            }
        }
        return null;
    }
}
