package io.aimonitor.api.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.api.http.ErrorResponses;
import io.aimonitor.api.metadata.AuditLog;
import io.aimonitor.api.metadata.Ids;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;

/** Records a change in the audit log with who made it, from where, and the request id. */
public final class Auditor {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditLog log;
    private final Clock clock;

    public Auditor(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    public void record(
            Context ctx,
            String action,
            String targetType,
            String targetId,
            Map<String, ?> details) {
        Principal p = ctx.attribute(AccessControl.PRINCIPAL);
        record(
                p == null ? "anonymous" : p.auditName(),
                action,
                targetType,
                targetId,
                details,
                ctx.ip(),
                String.valueOf((Object) ctx.attribute(ErrorResponses.REQUEST_ID)));
    }

    public void record(
            String actor,
            String action,
            String targetType,
            String targetId,
            Map<String, ?> details,
            String ip,
            String requestId) {
        String json;
        try {
            json = JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            json = "{}";
        }
        log.record(
                new AuditLog.Entry(
                        Ids.newId(),
                        clock.millis(),
                        actor,
                        action,
                        targetType,
                        targetId,
                        json,
                        ip,
                        requestId));
    }

    public AuditLog log() {
        return log;
    }
}
