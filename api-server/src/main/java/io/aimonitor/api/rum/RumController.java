package io.aimonitor.api.rum;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.http.QueryParams;
import io.aimonitor.api.ingest.KafkaPublisher;
import io.aimonitor.api.query.TimeParams;
import io.aimonitor.schemas.rum.VitalSample;
import io.aimonitor.schemas.rum.VitalSamples;
import io.aimonitor.schemas.rum.WebVital;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Web Vitals: {@code POST /v1/rum} from browsers (JSON as {@code application/json} or, from {@code
 * navigator.sendBeacon}, {@code text/plain}; any origin; the ingest key in {@code api_key} when no
 * header can be set), to Kafka and on to storage; {@code GET /api/v1/rum/pages} with each page's
 * p75 per metric, rated on Google's thresholds, and how many page views were good, needed
 * improvement or were poor.
 */
public final class RumController {
    private final KafkaPublisher publisher;
    private final String topic;
    private final WebVitalsStore vitals;
    private final Clock clock;

    public RumController(
            KafkaPublisher publisher, String topic, WebVitalsStore vitals, Clock clock) {
        this.publisher = publisher;
        this.topic = topic;
        this.vitals = vitals;
        this.clock = clock;
    }

    /** {@code rum}: the role a reporter needs ({@link Role#RUM}, or public without ingest auth). */
    public void register(ApiRoutes routes, Role rum) {
        // pages on any origin report here; their browsers also need to read refusals (401, 400)
        routes.before("/v1/rum", ctx -> ctx.header("Access-Control-Allow-Origin", "*"))
                .options(
                        "/v1/rum",
                        Role.PUBLIC,
                        "ingest",
                        "CORS preflight for Web Vitals reports sent as JSON or with a header",
                        ctx ->
                                ctx.status(204)
                                        .header("Access-Control-Allow-Methods", "POST")
                                        .header(
                                                "Access-Control-Allow-Headers",
                                                "Content-Type, Authorization, X-API-Key")
                                        .header("Access-Control-Max-Age", "86400"))
                .post(
                        "/v1/rum",
                        rum,
                        "ingest",
                        "Web Vitals reports from browsers (LCP, INP, FID, CLS, TTFB, FCP per page view)",
                        this::ingest,
                        "api_key")
                .get(
                        "/api/v1/rum/pages",
                        Role.VIEWER,
                        "apm",
                        "Web Vitals per page: p75 per metric with its rating, and counts per rating",
                        this::pages,
                        "app",
                        "metric",
                        "from",
                        "to",
                        "limit");
    }

    private void ingest(Context ctx) {
        List<VitalSample> samples = RumReports.parse(ctx.body(), clock.millis());
        VitalSample first = samples.get(0);
        byte[] key = (first.app() + first.page()).getBytes(StandardCharsets.UTF_8);
        byte[] value = VitalSamples.encode(samples);
        ctx.future(
                () ->
                        publisher
                                .publish(topic, key, value)
                                .handle(
                                        (done, error) -> {
                                            if (error != null) {
                                                ctx.header("Retry-After", "5");
                                                ctx.status(503)
                                                        .json(
                                                                Map.of(
                                                                        "error",
                                                                        "unavailable",
                                                                        "message",
                                                                        "the ingest queue is unavailable, retry later"));
                                            } else {
                                                ctx.status(202)
                                                        .json(Map.of("accepted", samples.size()));
                                            }
                                            return null;
                                        }));
    }

    private void pages(Context ctx) {
        TimeParams.Range range = TimeParams.range(ctx, "now-24h", clock.millis());
        String metric = ctx.queryParam("metric");
        if (metric != null && WebVital.named(metric).isEmpty()) {
            throw ApiException.badParameter(
                    "metric", "metric: one of LCP, INP, FID, CLS, TTFB, FCP");
        }
        Map<String, Map<String, Object>> pages = new LinkedHashMap<>();
        for (JsonNode row :
                vitals.perPage(
                        ctx.queryParam("app"),
                        metric == null ? null : WebVital.named(metric).get().name(),
                        range.fromMs(),
                        range.toMs(),
                        QueryParams.intParam(ctx, "limit", 200, 1, 5000))) {
            WebVital vital = WebVital.valueOf(row.path("metric").asText());
            double p75 = row.path("p75").asDouble();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p75", p75);
            m.put("rating", vital.rate(p75).label);
            m.put("count", row.path("count").asLong());
            m.put("good", row.path("good").asLong());
            m.put("needs_improvement", row.path("needs_improvement").asLong());
            m.put("poor", row.path("poor").asLong());
            String key = row.path("app").asText() + "\u0000" + row.path("page").asText();
            pages.computeIfAbsent(
                    key,
                    k -> {
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("app", row.path("app").asText());
                        p.put("page", row.path("page").asText());
                        p.put("metrics", new TreeMap<String, Object>());
                        return p;
                    });
            @SuppressWarnings("unchecked")
            Map<String, Object> metrics = (Map<String, Object>) pages.get(key).get("metrics");
            metrics.put(vital.name(), m);
        }
        ctx.json(Map.of("pages", List.copyOf(pages.values())));
    }
}
