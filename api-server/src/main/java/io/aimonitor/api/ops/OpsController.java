package io.aimonitor.api.ops;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /health}: the process is alive. {@code /ready}: every dependency answers (503 if not). */
public final class OpsController {
    private final List<ReadinessCheck> checks;

    public OpsController(List<ReadinessCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    public void register(JavalinConfig config) {
        config.routes.get("/health", ctx -> ctx.json(Map.of("status", "up")));
        config.routes.get("/ready", this::ready);
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
            status.put("latencyMs", (System.nanoTime() - started) / 1_000_000.0);
            components.put(check.name(), status);
        }
        ctx.status(allUp ? 200 : 503)
                .json(Map.of("status", allUp ? "up" : "down", "components", components));
    }
}
