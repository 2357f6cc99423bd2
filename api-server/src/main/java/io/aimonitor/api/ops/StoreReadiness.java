package io.aimonitor.api.ops;

import io.aimonitor.store.TelemetryStore;

/** The telemetry store is ready when it answers a trivial query. */
public final class StoreReadiness {
    private StoreReadiness() {}

    public static ReadinessCheck of(TelemetryStore store) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return "store";
            }

            @Override
            public void check() {
                store.ping();
            }
        };
    }
}
