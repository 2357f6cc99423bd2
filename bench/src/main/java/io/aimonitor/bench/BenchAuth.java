package io.aimonitor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Credentials as an operator sets them up: the admin logs in and creates an ingest API key for the
 * load (as for an agent); queries use the admin's access token.
 */
record BenchAuth(String ingestKey, String adminToken) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static BenchAuth setUp(HttpClient http, String url, String adminPassword) throws Exception {
        String token =
                post(
                                http,
                                url + "/api/v1/auth/login",
                                Map.of("username", "admin", "password", adminPassword),
                                null)
                        .get("access_token");
        String key =
                post(
                                http,
                                url + "/api/v1/api-keys",
                                Map.of(
                                        "name",
                                        "bench-" + System.currentTimeMillis(),
                                        "role",
                                        "ingest"),
                                token)
                        .get("key");
        return new BenchAuth(key, token);
    }

    private static Map<String, String> post(
            HttpClient http, String url, Map<String, String> body, String token) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        @SuppressWarnings("unchecked")
        Map<String, String> out = JSON.readValue(r.body(), Map.class);
        return out;
    }

    String ingestHeader() {
        return "Bearer " + ingestKey;
    }

    String queryHeader() {
        return "Bearer " + adminToken;
    }
}
