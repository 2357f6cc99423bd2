package io.aimonitor.api.ops;

import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiRoutes;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /health}: the process is alive. {@code /ready}: every dependency answers, each with its
 * latency (503 if one is down). {@code /metrics}: Prometheus exposition. {@code /openapi.json}.
 */
public final class OpsController {
    private final List<ReadinessCheck> checks;
    private final ProcessMetrics metrics;
    private final boolean publicMetrics;
    private final Supplier<Map<String, Object>> openApi;

    public OpsController(
            List<ReadinessCheck> checks,
            ProcessMetrics metrics,
            boolean publicMetrics,
            Supplier<Map<String, Object>> openApi) {
        this.checks = List.copyOf(checks);
        this.metrics = metrics;
        this.publicMetrics = publicMetrics;
        this.openApi = openApi;
    }

    public void register(ApiRoutes routes) {
        routes.get(
                        "/health",
                        Role.PUBLIC,
                        "ops",
                        "Liveness",
                        ctx -> ctx.json(Map.of("status", "up")))
                .get(
                        "/ready",
                        Role.PUBLIC,
                        "ops",
                        "Readiness of Kafka, the store, the metadata database and Redis",
                        this::ready)
                .get(
                        "/metrics",
                        publicMetrics ? Role.PUBLIC : Role.VIEWER,
                        "ops",
                        "Process metrics (Prometheus exposition)",
                        ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()))
                .get(
                        "/openapi.json",
                        Role.PUBLIC,
                        "ops",
                        "This API described in OpenAPI 3.1",
                        ctx -> ctx.json(openApi.get()));
    }

    private void ready(Context ctx) {
        Map<String, Object> components = new LinkedHashMap<>();
        boolean allUp = true;
        for (ReadinessCheck check : checks) {
            long started = System.nanoTime();
            Map<String, Object> status = new LinkedHashMap<>();
            try {
                check.check();
                status.put("status", "up");
            } catch (Exception e) {
                allUp = false;
                status.put("status", "down");
                status.put(
                        "error",
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            status.put("latency_ms", (System.nanoTime() - started) / 1_000_000.0);
            components.put(check.name(), status);
        }
        ctx.status(allUp ? 200 : 503)
                .json(Map.of("status", allUp ? "up" : "down", "components", components));
    }
}
