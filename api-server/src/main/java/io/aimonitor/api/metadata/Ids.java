package io.aimonitor.api.metadata;

import java.util.UUID;

/** Identifiers are generated here, not by either database, so both behave the same. */
public final class Ids {
    private Ids() {}

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
