package io.aimonitor.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aimonitor.api.ApiComponents;
import io.aimonitor.api.ApiServer;
import io.aimonitor.api.config.AimonitorConfig;
import io.aimonitor.api.config.ConfigLoader;
import io.aimonitor.api.http.ApiRoutes;
import io.aimonitor.store.TelemetryStore;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real API server on a free port - real Kafka, store and metadata database (SQLite in a temp
 * directory unless flags say otherwise) - with an admin logged in and a plain HTTP client.
 */
public final class TestApi implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "Admin-pass-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final AimonitorConfig config;
    public final ApiComponents components;
    public final ApiRoutes routes;
    public final String adminToken;
    private final Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    public TestApi(String bootstrapServers, TelemetryStore store, String... flags)
            throws Exception {
        this(bootstrapServers, store, Clock.systemUTC(), flags);
    }

    public TestApi(String bootstrapServers, TelemetryStore store, Clock clock, String... flags)
            throws Exception {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--data-dir="
                                        + Files.createTempDirectory(
                                                Path.of("target").toAbsolutePath(), "api"),
                                "--kafka.bootstrap-servers=" + bootstrapServers,
                                "--auth.admin-password=" + ADMIN_PASSWORD,
                                "--query.cache-ttl=0s",
                                // several test servers run in one JVM: no fixed gRPC port
                                "--server.otlp-grpc-port=0"));
        args.addAll(List.of(flags));
        config = ConfigLoader.load(args.toArray(String[]::new), Map.of(), Path.of("target"));
        components = new ApiComponents(config, store, bootstrapServers, clock);
        components.bootstrapAdmin();
        AtomicReference<ApiRoutes> registry = new AtomicReference<>();
        app = ApiServer.create(components, registry).start("127.0.0.1", 0);
        routes = registry.get();
        adminToken = login("admin", ADMIN_PASSWORD).path("access_token").asText();
    }

    public Javalin app() {
        return app;
    }

    public int port() {
        return app.port();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + app.port() + pathAndQuery);
    }

    public JsonNode login(String username, String password) throws Exception {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(uri("/api/v1/auth/login"))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                JSON.writeValueAsString(
                                                        Map.of(
                                                                "username",
                                                                username,
                                                                "password",
                                                                password))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("login failed: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** Creates a user as the admin. */
    public void createUser(String username, String password, String role) throws Exception {
        HttpResponse<String> r =
                request(
                        "POST",
                        "/api/v1/users",
                        Map.of("username", username, "password", password, "role", role),
                        adminToken);
        if (r.statusCode() != 201) {
            throw new AssertionError(
                    "creating " + username + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** Creates a user with this role and returns an access token of theirs. */
    public String tokenOfNewUser(String username, String role) throws Exception {
        createUser(username, "Secret-pass-1", role);
        return login(username, "Secret-pass-1").path("access_token").asText();
    }

    /** Sends as the admin unless the request already carries credentials. */
    public HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.build();
        if (built.headers().firstValue("Authorization").isEmpty()) {
            built =
                    HttpRequest.newBuilder(built, (name, value) -> true)
                            .header("Authorization", "Bearer " + adminToken)
                            .build();
        }
        return http.send(built, HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> get(String pathAndQuery) throws Exception {
        return request("GET", pathAndQuery, null, adminToken);
    }

    /** Any method, JSON body (or null), with the given bearer token (or none when null). */
    public HttpResponse<String> request(
            String method, String pathAndQuery, Object body, String token) throws Exception {
        return request(method, pathAndQuery, body, token, Map.of());
    }

    /** As {@link #request(String, String, Object, String)}, with extra headers. */
    public HttpResponse<String> request(
            String method,
            String pathAndQuery,
            Object body,
            String token,
            Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery));
        headers.forEach(b::header);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(
                                body instanceof String s ? s : JSON.writeValueAsString(body)));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    @Override
    public void close() {
        app.stop();
        components.close();
    }
}
