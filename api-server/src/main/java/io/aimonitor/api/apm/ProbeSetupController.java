package io.aimonitor.api.apm;

import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.http.ApiRoutes;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/apm/probes/{language}}: set-up pointing at this server as the caller reached
 * it.
 */
public final class ProbeSetupController {
    public void register(ApiRoutes routes) {
        routes.get(
                "/api/v1/apm/probes/{language}",
                Role.VIEWER,
                "apm",
                "How to instrument an application (java, go, python, nodejs, dotnet) to send traces and metrics here",
                this::probe,
                "service");
    }

    private void probe(Context ctx) {
        String language = ctx.pathParam("language").toLowerCase(Locale.ROOT);
        String service =
                ctx.queryParam("service") == null ? "my-service" : ctx.queryParam("service");
        if (!service.matches("[A-Za-z0-9._-]{1,128}")) {
            throw ApiException.badParameter(
                    "service", "service must be 1 to 128 letters, digits, '.', '_' or '-'");
        }
        String endpoint = ctx.scheme() + "://" + ctx.host();
        ProbeSetup.Instructions setup = ProbeSetup.of(language, endpoint, service);
        if (setup == null) {
            throw new ApiException(
                    404,
                    "not_found",
                    "no set-up for '"
                            + language
                            + "'; available: "
                            + String.join(", ", ProbeSetup.LANGUAGES),
                    Map.of("languages", ProbeSetup.LANGUAGES));
        }
        ctx.json(setup);
    }
}
