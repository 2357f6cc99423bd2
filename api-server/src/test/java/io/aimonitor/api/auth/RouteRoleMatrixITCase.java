package io.aimonitor.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import io.javalin.router.ParsedEndpoint;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every registered route with every kind of caller and checks the access matrix: anonymous
 * callers get 401 except on public routes, callers without the route's role get 403, and callers
 * with it get past the access check.
 */
class RouteRoleMatrixITCase {
    private static TelemetryStore store;
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        store = TestStores.migratedStore("matrix");
        api = new TestApi("127.0.0.1:1", store);
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
    }

    @Test
    void everyJavalinRouteIsRegisteredWithExactlyOneRole() {
        Set<String> registered =
                api.routes.all().stream()
                        .map(r -> r.method().toUpperCase() + " " + r.path())
                        .collect(Collectors.toSet());
        List<String> unregistered = new ArrayList<>();
        for (ParsedEndpoint e : api.app().unsafe.internalRouter.allHttpHandlers()) {
            if (!e.endpoint.method.isHttpMethod()) {
                continue;
            }
            String key = e.endpoint.method.name() + " " + e.endpoint.path;
            io.javalin.security.Roles roles = e.endpoint.metadata(io.javalin.security.Roles.class);
            if (!registered.contains(key) || roles == null || roles.getRoles().size() != 1) {
                unregistered.add(key);
            }
        }
        assertThat(unregistered)
                .as("routes outside the registry or without exactly one role")
                .isEmpty();
        assertThat(api.routes.all()).hasSizeGreaterThan(20);
    }

    @Test
    void accessMatrixHoldsForEveryRoute() throws Exception {
        String ingestKey =
                api.components.apiKeys.create("matrix-ingest", Role.INGEST, "test").secret();
        // a fresh token per request: logout revokes the token it is called with
        Map<Role, java.util.function.Supplier<String>> callers = new LinkedHashMap<>();
        String rumKey = api.components.apiKeys.create("matrix-rum", Role.RUM, "test").secret();
        callers.put(Role.INGEST, () -> ingestKey);
        callers.put(Role.RUM, () -> rumKey);
        for (Role role : List.of(Role.VIEWER, Role.EDITOR, Role.ADMIN)) {
            callers.put(
                    role,
                    () ->
                            api.components
                                    .jwt
                                    .issue("matrix-" + role.text(), "matrix", role)
                                    .token());
        }
        List<String> violations = new ArrayList<>();
        for (ApiRoutes.Route route : api.routes.all()) {
            if (route.summary().endsWith("(WebSocket)")) {
                continue; // upgrades are covered by the WebSocket tests
            }
            String path = route.path().replaceAll("\\{[^}]+}", "matrix-x");
            Object body =
                    route.method().equals("get") || route.method().equals("delete") ? null : "{}";
            int anonymous =
                    api.request(route.method().toUpperCase(), path, body, null).statusCode();
            if (route.role() == Role.PUBLIC
                    ? anonymous == 401 || anonymous == 403
                    : anonymous != 401) {
                violations.add(route.method() + " " + route.path() + " anonymous -> " + anonymous);
            }
            for (Map.Entry<Role, java.util.function.Supplier<String>> caller : callers.entrySet()) {
                HttpResponse<String> r =
                        api.request(
                                route.method().toUpperCase(), path, body, caller.getValue().get());
                boolean allowed = caller.getKey().grants(route.role());
                boolean refused = r.statusCode() == 401 || r.statusCode() == 403;
                if (allowed == refused || (!allowed && r.statusCode() != 403)) {
                    violations.add(
                            route.method()
                                    + " "
                                    + route.path()
                                    + " as "
                                    + caller.getKey().text()
                                    + " -> "
                                    + r.statusCode());
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
