package io.aimonitor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.http.ErrorResponses;
import io.aimonitor.api.ingest.IngestCounters;
import io.aimonitor.api.ingest.KafkaPublisher;
import io.aimonitor.api.ingest.OtlpMetricsController;
import io.aimonitor.api.ops.OpsController;
import io.aimonitor.api.ops.ReadinessCheck;
import io.aimonitor.api.query.MetricQueryService;
import io.aimonitor.api.query.QueryController;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.List;

/** Builds the configured Javalin application from its collaborators; no global state. */
public final class ApiServer {
    private ApiServer() {}

    public record Dependencies(
            AimonitorConfig config,
            KafkaPublisher publisher,
            MetricQueryService queries,
            IngestCounters ingestCounters,
            List<ReadinessCheck> readinessChecks) {}

    public static Javalin create(Dependencies deps) {
        ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        OtlpMetricsController otlp =
                new OtlpMetricsController(deps.publisher(), deps.config(), deps.ingestCounters());
        QueryController queries =
                new QueryController(deps.queries(), deps.config().query().maxPoints());
        OpsController ops = new OpsController(deps.readinessChecks());
        return Javalin.create(
                config -> {
                    config.startup.showJavalinBanner = false;
                    config.jsonMapper(new JavalinJackson(json, false));
                    config.http.maxRequestSize = deps.config().server().maxRequestBytes();
                    // let requests in flight finish when stopping
                    config.jetty.modifyServer(server -> server.setStopTimeout(10_000));
                    ErrorResponses.register(config);
                    config.routes.post("/v1/metrics", otlp::export);
                    queries.register(config);
                    ops.register(config);
                });
    }
}
