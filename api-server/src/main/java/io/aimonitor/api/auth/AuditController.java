package io.aimonitor.api.auth;

import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.QueryParams;
import java.util.Map;

/** Reading the audit log (admins). */
public final class AuditController {
    private final Auditor audit;

    public AuditController(Auditor audit) {
        this.audit = audit;
    }

    public void register(ApiRoutes routes) {
        routes.get(
                "/api/v1/audit",
                Role.ADMIN,
                "audit",
                "Recent changes, newest first",
                ctx -> {
                    int limit = QueryParams.intParam(ctx, "limit", 100, 1, 1000);
                    ctx.json(
                            Map.of(
                                    "entries",
                                    audit.log()
                                            .recent(
                                                    ctx.queryParam("actor"),
                                                    ctx.queryParam("action"),
                                                    limit)));
                },
                "actor",
                "action",
                "limit");
    }
}
