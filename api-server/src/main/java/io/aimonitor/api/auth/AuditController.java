package io.aimonitor.api.auth;

import io.aimonitor.api.http.ApiRoutes;
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
                    int limit =
                            ctx.queryParamAsClass("limit", Integer.class)
                                    .check(l -> l > 0 && l <= 1000, "limit must be 1 to 1000")
                                    .getOrDefault(100);
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
