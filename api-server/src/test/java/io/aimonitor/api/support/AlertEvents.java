package io.aimonitor.api.support;

import io.aimonitor.schemas.alerts.AlertEvent;
import io.aimonitor.schemas.alerts.AlertState;
import java.util.Map;

/** Alert events as the alerting job writes them. */
public final class AlertEvents {
    private AlertEvents() {}

    /** A pending alert of rule r1 that just started firing. */
    public static AlertEvent firing(String fingerprint, String severity, String host) {
        long now = System.currentTimeMillis();
        return new AlertEvent(
                fingerprint,
                "r1",
                1,
                "High CPU",
                AlertState.FIRING,
                AlertState.PENDING,
                severity,
                0.97,
                Map.of("host", host),
                Map.of(),
                now,
                null,
                now,
                "");
    }
}
