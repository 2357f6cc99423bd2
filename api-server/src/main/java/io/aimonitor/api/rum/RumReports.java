package io.aimonitor.api.rum;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.http.ApiException;
import io.aimonitor.api.http.Bodies;
import io.aimonitor.schemas.rum.VitalSample;
import io.aimonitor.schemas.rum.WebVital;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads Web Vitals reports: one object or an array of them, each a page view with its measurements
 * (the {@code web-vitals} library's metric objects can be passed as they are; only {@code name} and
 * {@code value} are read). Every measurement is validated - a bad one rejects the request with the
 * field that was wrong - and scored on Google's thresholds. Pages lose their query string and have
 * id-like path segments replaced, so a page is a route, not a user's URL.
 *
 * <pre>
 * {"app": "shop-web", "page": "/checkout", "browser": "Chrome 131", "session": "s-81f",
 *  "navigation_type": "navigate", "timestamp_ms": 1764115200000,
 *  "metrics": [{"name": "LCP", "value": 2140.5}, {"name": "CLS", "value": 0.04}]}
 * </pre>
 */
final class RumReports {
    static final int MAX_REPORTS = 100;
    static final int MAX_METRICS = 20;
    private static final long MAX_AGE_MS = 24 * 3600_000L;
    private static final long MAX_AHEAD_MS = 5 * 60_000L;
    private static final Pattern APP = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ID_SEGMENT =
            Pattern.compile(
                    "[0-9]+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
                            + "|[0-9a-fA-F]{16,}");

    private RumReports() {}

    static List<VitalSample> parse(String body, long nowMs) {
        JsonNode root;
        try {
            root = Bodies.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(
                    400, "bad_request", "malformed JSON: " + e.getOriginalMessage(), Map.of());
        }
        if (root == null || !(root.isObject() || root.isArray())) {
            throw new ApiException(
                    400,
                    "bad_request",
                    "a report object or an array of them is required",
                    Map.of());
        }
        List<VitalSample> samples = new ArrayList<>();
        if (root.isObject()) {
            report(root, "", nowMs, samples);
            return samples;
        }
        if (root.isEmpty() || root.size() > MAX_REPORTS) {
            throw ApiException.badParameter(
                    "reports", "between 1 and " + MAX_REPORTS + " reports per request");
        }
        for (int i = 0; i < root.size(); i++) {
            report(root.get(i), "[" + i + "].", nowMs, samples);
        }
        return samples;
    }

    private static void report(JsonNode r, String at, long nowMs, List<VitalSample> out) {
        if (!r.isObject()) {
            throw ApiException.badParameter(at + "report", "a report must be an object");
        }
        String app = text(r, at, "app", "default", 64);
        if (!APP.matcher(app).matches()) {
            throw ApiException.badParameter(
                    at + "app", "app: letters, digits, '.', '_' or '-', at most 64");
        }
        String page = page(text(r, at, "page", null, 2048), at);
        String browser = text(r, at, "browser", "", 128);
        String session = text(r, at, "session", "", 128);
        String navigation = text(r, at, "navigation_type", "", 32);
        long ts = nowMs;
        JsonNode t = r.get("timestamp_ms");
        if (t != null && !t.isNull()) {
            if (!t.canConvertToLong() || !t.isIntegralNumber()) {
                throw ApiException.badParameter(
                        at + "timestamp_ms", "timestamp_ms: epoch milliseconds");
            }
            ts = t.asLong();
            if (ts < nowMs - MAX_AGE_MS || ts > nowMs + MAX_AHEAD_MS) {
                throw ApiException.badParameter(
                        at + "timestamp_ms", "timestamp_ms: must be within the last 24 hours");
            }
        }
        JsonNode metrics = r.get("metrics");
        if (metrics == null
                || !metrics.isArray()
                || metrics.isEmpty()
                || metrics.size() > MAX_METRICS) {
            throw ApiException.badParameter(
                    at + "metrics", "metrics: between 1 and " + MAX_METRICS + " measurements");
        }
        for (int i = 0; i < metrics.size(); i++) {
            String m = at + "metrics[" + i + "].";
            JsonNode metric = metrics.get(i);
            WebVital vital =
                    WebVital.named(metric.path("name").asText(""))
                            .orElseThrow(
                                    () ->
                                            ApiException.badParameter(
                                                    m + "name",
                                                    m
                                                            + "name: one of LCP, INP, FID, CLS, TTFB, FCP"));
            JsonNode v = metric.get("value");
            if (v == null
                    || !v.isNumber()
                    || !Double.isFinite(v.asDouble())
                    || v.asDouble() < 0
                    || v.asDouble() > vital.maxValue()) {
                throw ApiException.badParameter(
                        m + "value",
                        m
                                + "value: a number from 0 to "
                                + (long) vital.maxValue()
                                + " for "
                                + vital);
            }
            double value = v.asDouble();
            out.add(
                    new VitalSample(
                            ts,
                            app,
                            page,
                            vital.name(),
                            value,
                            vital.rate(value).label,
                            browser,
                            session,
                            navigation));
        }
    }

    private static String text(JsonNode r, String at, String field, String absent, int maxLength) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            if (absent == null) {
                throw ApiException.badParameter(at + field, field + " is required");
            }
            return absent;
        }
        if (!v.isTextual() || v.asText().length() > maxLength) {
            throw ApiException.badParameter(
                    at + field, field + ": a string of at most " + maxLength + " characters");
        }
        return v.asText();
    }

    /** The route of a page: the path of a URL or path, without query and fragment, ids as :id. */
    static String page(String raw, String at) {
        String path;
        try {
            URI uri = URI.create(raw.strip());
            path = uri.getRawPath();
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(at + "page", "page: a URL or a path");
        }
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        StringBuilder route = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (route.length() > 0 || !segment.isEmpty()) {
                route.append('/');
            }
            route.append(ID_SEGMENT.matcher(segment).matches() ? ":id" : segment);
        }
        String result = route.length() == 0 ? "/" : route.toString();
        return result.length() > 512 ? result.substring(0, 512) : result;
    }
}
