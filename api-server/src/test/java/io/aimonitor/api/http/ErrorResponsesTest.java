package io.aimonitor.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every error has one JSON shape; an unexpected exception never leaks its details. */
class ErrorResponsesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Javalin app() {
        return Javalin.create(
                config -> {
                    config.jsonMapper(new JavalinJackson(Bodies.mapper(), false));
                    ErrorResponses.register(config);
                    config.routes.get(
                            "/boom",
                            ctx -> {
                                throw new IllegalStateException("password=hunter2 at db.internal");
                            });
                    config.routes.get(
                            "/bad",
                            ctx -> {
                                throw ApiException.badParameter("limit", "limit must be positive");
                            });
                });
    }

    private static JsonNode json(Response r) throws Exception {
        return JSON.readTree(r.body().string());
    }

    @Test
    void anUnexpectedExceptionIsA500CarryingOnlyTheRequestId() {
        JavalinTest.test(
                app(),
                (server, client) -> {
                    Response r = client.get("/boom", b -> b.header("X-Request-Id", "req-42"));
                    String body = r.body().string();

                    assertThat(r.code()).isEqualTo(500);
                    assertThat(r.headers().get("X-Request-Id").get(0)).isEqualTo("req-42");
                    JsonNode error = JSON.readTree(body).path("error");
                    assertThat(error.path("code").asText()).isEqualTo("internal_error");
                    assertThat(error.path("message").asText()).contains("req-42");
                    assertThat(error.path("details").path("request_id").asText())
                            .isEqualTo("req-42");
                    assertThat(body).doesNotContain("hunter2", "IllegalStateException", "at io.");
                });
    }

    @Test
    void clientErrorsAndUnknownRoutesShareTheShape() {
        JavalinTest.test(
                app(),
                (server, client) -> {
                    Response bad = client.get("/bad");
                    assertThat(bad.code()).isEqualTo(400);
                    assertThat(json(bad).path("error").path("details"))
                            .isEqualTo(JSON.valueToTree(Map.of("parameter", "limit")));

                    Response missing = client.get("/nowhere");
                    assertThat(missing.code()).isEqualTo(404);
                    assertThat(json(missing).path("error").path("code").asText())
                            .isEqualTo("not_found");
                    assertThat(client.get("/bad").headers().get("X-Request-Id").get(0))
                            .isNotBlank();
                });
    }
}
