package io.aimonitor.api.ops;

import io.aimonitor.api.auth.Role;
import io.aimonitor.api.http.ApiRoutes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An OpenAPI 3.1 document of every registered route, built from the route registry. */
public final class OpenApi {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    private OpenApi() {}

    public static Map<String, Object> document(List<ApiRoutes.Route> routes, String version) {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (ApiRoutes.Route r : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item =
                    (Map<String, Object>)
                            paths.computeIfAbsent(r.path(), p -> new LinkedHashMap<>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", r.summary());
            op.put("tags", List.of(r.tag()));
            op.put("x-required-role", r.role().text());
            List<Map<String, Object>> params = new ArrayList<>();
            Matcher m = PATH_PARAM.matcher(r.path());
            while (m.find()) {
                params.add(
                        Map.of(
                                "name",
                                m.group(1),
                                "in",
                                "path",
                                "required",
                                true,
                                "schema",
                                Map.of("type", "string")));
            }
            for (String q : r.queryParams()) {
                params.add(
                        Map.of(
                                "name",
                                q,
                                "in",
                                "query",
                                "required",
                                false,
                                "schema",
                                Map.of("type", "string")));
            }
            if (!params.isEmpty()) {
                op.put("parameters", params);
            }
            if (r.role() != Role.PUBLIC) {
                op.put("security", List.of(Map.of("bearer", List.of())));
            }
            op.put(
                    "responses",
                    Map.of(
                            "2XX", Map.of("description", "success"),
                            "default",
                                    Map.of(
                                            "description",
                                            "error",
                                            "content",
                                            Map.of(
                                                    "application/json",
                                                    Map.of(
                                                            "schema",
                                                            Map.of(
                                                                    "$ref",
                                                                    "#/components/schemas/Error"))))));
            item.put(r.method(), op);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "AIMonitor API", "version", version));
        doc.put("paths", paths);
        doc.put(
                "components",
                Map.of(
                        "securitySchemes",
                                Map.of(
                                        "bearer",
                                        Map.of(
                                                "type",
                                                "http",
                                                "scheme",
                                                "bearer",
                                                "description",
                                                "an access token from /api/v1/auth/login, or an API key (aim_...)")),
                        "schemas",
                                Map.of(
                                        "Error",
                                        Map.of(
                                                "type",
                                                "object",
                                                "properties",
                                                Map.of(
                                                        "error",
                                                        Map.of(
                                                                "type",
                                                                "object",
                                                                "properties",
                                                                Map.of(
                                                                        "code",
                                                                        Map.of("type", "string"),
                                                                        "message",
                                                                        Map.of("type", "string"),
                                                                        "details",
                                                                        Map.of(
                                                                                "type",
                                                                                "object"))))))));
        return doc;
    }
}
