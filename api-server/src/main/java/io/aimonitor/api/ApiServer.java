package io.aimonitor.api;

import io.aimonitor.api.ai.api.AnalysisController;
import io.aimonitor.api.alerts.AlertController;
import io.aimonitor.api.apm.ApmController;
import io.aimonitor.api.apm.ProbeSetupController;
import io.aimonitor.api.auth.ApiKeyController;
import io.aimonitor.api.auth.AuditController;
import io.aimonitor.api.auth.AuthController;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.Bodies;
import io.aimonitor.api.http.ErrorResponses;
import io.aimonitor.api.notify.api.ChannelController;
import io.aimonitor.api.notify.api.NotificationController;
import io.aimonitor.api.ops.OpenApi;
import io.aimonitor.api.ops.OpsController;
import io.aimonitor.api.query.QueryController;
import io.aimonitor.api.rules.RuleController;
import io.aimonitor.api.rum.RumController;
import io.aimonitor.api.rum.WebVitalsStore;
import io.aimonitor.api.traces.TraceController;
import io.aimonitor.api.traces.TraceStore;
import io.aimonitor.api.users.UserController;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.concurrent.atomic.AtomicReference;

/** Builds the configured Javalin application from its components; no global state. */
public final class ApiServer {
    public static final String VERSION = "0.1.0";

    private ApiServer() {}

    public static Javalin create(ApiComponents c) {
        return create(c, new AtomicReference<>());
    }

    /** Also hands back the route registry (the route x role test walks it). */
    public static Javalin create(ApiComponents c, AtomicReference<ApiRoutes> registry) {
        return Javalin.create(
                config -> {
                    config.startup.showJavalinBanner = false;
                    config.jsonMapper(new JavalinJackson(Bodies.mapper(), false));
                    config.http.maxRequestSize = c.config.server().maxRequestBytes();
                    // let requests in flight finish when stopping
                    config.jetty.modifyServer(server -> server.setStopTimeout(10_000));
                    config.requestLogger.http(c.metrics::observe);
                    ErrorResponses.register(config);
                    RuleController.registerErrors(config);
                    config.routes.beforeMatched(c.access::check);

                    ApiRoutes routes = new ApiRoutes(config);
                    registry.set(routes);
                    Role ingest =
                            c.config.server().ingestAuthRequired() ? Role.INGEST : Role.PUBLIC;
                    routes.post(
                                    "/v1/metrics",
                                    ingest,
                                    "ingest",
                                    "OTLP/HTTP metrics (protobuf or JSON, gzip)",
                                    c.ingestMetrics::export)
                            .post(
                                    "/v1/traces",
                                    ingest,
                                    "ingest",
                                    "OTLP/HTTP traces (protobuf or JSON, gzip)",
                                    c.ingestTraces::export);
                    new RumController(
                                    c.publisher,
                                    c.config.kafka().rumTopic(),
                                    new WebVitalsStore(c.store),
                                    c.clock)
                            .register(routes, ingest == Role.PUBLIC ? Role.PUBLIC : Role.RUM);
                    new QueryController(
                                    c.queries,
                                    c.config.query().maxPoints(),
                                    c.shared,
                                    c.config.query().cacheTtl(),
                                    c.clock)
                            .register(routes);
                    new AuthController(c.auth, c.users, c.auditor, c.clock).register(routes);
                    new UserController(c.users, c.auditor).register(routes);
                    new ApiKeyController(c.apiKeys, c.auditor).register(routes);
                    new AuditController(c.auditor).register(routes);
                    new RuleController(c.rules, c.dryRun, c.auditor, c.clock).register(routes);
                    new AlertController(c.alerts, c.silences, c.auditor).register(routes);
                    c.live.register(routes, config);
                    new ChannelController(c.channels, c.auditor).register(routes);
                    new TraceController(new TraceStore(c.store)).register(routes);
                    new ProbeSetupController().register(routes);
                    new ApmController(c.apm).register(routes);
                    new AnalysisController(
                                    c.analyses, c.analysisRepository, c.alerts, c.similar, c.clock)
                            .register(routes);
                    new NotificationController(c.policies, c.notifyStore, c.auditor)
                            .register(routes);
                    new OpsController(
                                    c.readiness,
                                    c.metrics,
                                    c.config.server().publicMetrics(),
                                    () -> OpenApi.document(routes.all(), VERSION))
                            .register(routes);
                });
    }
}
