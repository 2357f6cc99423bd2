package io.aimonitor.api.http;

import io.aimonitor.api.auth.Role;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.websocket.WsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Registers routes with Javalin and remembers them, each with the one role it requires and a short
 * description: the source of /openapi.json and of the route x role test.
 */
public final class ApiRoutes {
    public record Route(
            String method,
            String path,
            Role role,
            String tag,
            String summary,
            List<String> queryParams) {}

    private final JavalinConfig config;
    private final List<Route> routes = new ArrayList<>();

    public ApiRoutes(JavalinConfig config) {
        this.config = config;
    }

    public ApiRoutes get(
            String path,
            Role role,
            String tag,
            String summary,
            Handler handler,
            String... queryParams) {
        config.routes.get(path, handler, role);
        return add("get", path, role, tag, summary, queryParams);
    }

    public ApiRoutes post(
            String path,
            Role role,
            String tag,
            String summary,
            Handler handler,
            String... queryParams) {
        config.routes.post(path, handler, role);
        return add("post", path, role, tag, summary, queryParams);
    }

    public ApiRoutes options(String path, Role role, String tag, String summary, Handler handler) {
        config.routes.options(path, handler, role);
        return add("options", path, role, tag, summary);
    }

    /** Runs before every request to {@code path}, matched or not, authorised or not. */
    public ApiRoutes before(String path, Handler handler) {
        config.routes.before(path, handler);
        return this;
    }

    public ApiRoutes put(String path, Role role, String tag, String summary, Handler handler) {
        config.routes.put(path, handler, role);
        return add("put", path, role, tag, summary);
    }

    public ApiRoutes patch(String path, Role role, String tag, String summary, Handler handler) {
        config.routes.patch(path, handler, role);
        return add("patch", path, role, tag, summary);
    }

    public ApiRoutes delete(String path, Role role, String tag, String summary, Handler handler) {
        config.routes.delete(path, handler, role);
        return add("delete", path, role, tag, summary);
    }

    public ApiRoutes ws(
            String path,
            Role role,
            String tag,
            String summary,
            Consumer<WsConfig> ws,
            String... queryParams) {
        config.routes.ws(path, ws, role);
        return add("get", path, role, tag, summary + " (WebSocket)", queryParams);
    }

    private ApiRoutes add(
            String method,
            String path,
            Role role,
            String tag,
            String summary,
            String... queryParams) {
        routes.add(new Route(method, path, role, tag, summary, List.of(queryParams)));
        return this;
    }

    public List<Route> all() {
        return List.copyOf(routes);
    }
}
