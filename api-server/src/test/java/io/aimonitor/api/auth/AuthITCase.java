package io.aimonitor.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aimonitor.api.support.TestApi;
import io.aimonitor.store.TelemetryStore;
import io.aimonitor.store.TestStores;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthITCase {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";
    private static TelemetryStore store;
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        store = TestStores.migratedStore("auth");
        api =
                new TestApi(
                        "127.0.0.1:1",
                        store,
                        "--jwt.secret=" + SECRET,
                        "--auth.max-failures-per-account=3");
    }

    @AfterAll
    static void stop() {
        api.close();
        store.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return TestApi.json(r.body());
    }

    @Test
    void logsInAndReachesProtectedRoutes() throws Exception {
        JsonNode tokens = api.login("admin", TestApi.ADMIN_PASSWORD);

        assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("expires_in").asLong()).isBetween(800L, 900L);
        assertThat(tokens.path("user").path("role").asText()).isEqualTo("admin");
        assertThat(tokens.path("user").has("password_hash")).isFalse();
        HttpResponse<String> me =
                api.request("GET", "/api/v1/me", null, tokens.path("access_token").asText());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json(me).path("username").asText()).isEqualTo("admin");
        assertThat(api.request("GET", "/api/v1/me", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesWrongPasswordsAndThrottlesBeforeHashing() throws Exception {
        api.createUser("throttled", "Secret-pass1", "viewer");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r =
                    api.request(
                            "POST",
                            "/api/v1/auth/login",
                            Map.of("username", "throttled", "password", "wrong"),
                            null);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(json(r).path("error").path("message").asText())
                    .isEqualTo("wrong username or password");
        }
        long started = System.nanoTime();
        HttpResponse<String> blocked =
                api.request(
                        "POST",
                        "/api/v1/auth/login",
                        Map.of("username", "throttled", "password", "Secret-pass1"),
                        null);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(json(blocked).path("error").path("details").path("retry_after_seconds").asLong())
                .isPositive();
        // even the right password is refused now, and no Argon2 hashing (tens of ms) was spent on
        // it
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1000);
    }

    @Test
    void rotatesRefreshTokensAndRevokesTheFamilyOnReuse() throws Exception {
        JsonNode first = api.login("admin", TestApi.ADMIN_PASSWORD);
        String r1 = first.path("refresh_token").asText();

        HttpResponse<String> second =
                api.request("POST", "/api/v1/auth/refresh", Map.of("refresh_token", r1), null);
        assertThat(second.statusCode()).isEqualTo(200);
        String r2 = json(second).path("refresh_token").asText();
        assertThat(r2).isNotEqualTo(r1);

        HttpResponse<String> reuse =
                api.request("POST", "/api/v1/auth/refresh", Map.of("refresh_token", r1), null);
        assertThat(reuse.statusCode()).isEqualTo(401);
        assertThat(json(reuse).path("error").path("message").asText()).contains("already used");

        HttpResponse<String> successor =
                api.request("POST", "/api/v1/auth/refresh", Map.of("refresh_token", r2), null);
        assertThat(successor.statusCode()).as("the whole family is revoked").isEqualTo(401);
    }

    @Test
    void logoutRevokesTheAccessTokenUntilItExpires() throws Exception {
        JsonNode tokens = api.login("admin", TestApi.ADMIN_PASSWORD);
        String access = tokens.path("access_token").asText();

        assertThat(
                        api.request(
                                        "POST",
                                        "/api/v1/auth/logout",
                                        Map.of(
                                                "refresh_token",
                                                tokens.path("refresh_token").asText()),
                                        access)
                                .statusCode())
                .isEqualTo(204);
        HttpResponse<String> after = api.request("GET", "/api/v1/me", null, access);
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(json(after).path("error").path("message").asText())
                .isEqualTo("access token revoked");
        assertThat(
                        api.request(
                                        "POST",
                                        "/api/v1/auth/refresh",
                                        Map.of(
                                                "refresh_token",
                                                tokens.path("refresh_token").asText()),
                                        null)
                                .statusCode())
                .isEqualTo(401);
    }

    @Test
    void rejectsForgedTokens() throws Exception {
        String valid = api.adminToken;
        String[] parts = valid.split("\\.");
        String payload =
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();

        String algNone =
                b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                        + "."
                        + parts[1]
                        + ".";
        String tamperedPayload =
                b64.encodeToString(
                        payload.replace("\"admin\"", "\"viewer\"")
                                .getBytes(StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + tamperedPayload + "." + parts[2];
        String badSignature = parts[0] + "." + parts[1] + "." + b64.encodeToString(new byte[32]);
        var key = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));
        String expired =
                Jwts.builder()
                        .id("x")
                        .subject("u")
                        .issuer("aimonitor")
                        .audience()
                        .add("aimonitor-api")
                        .and()
                        .claim("role", "admin")
                        .expiration(new Date(System.currentTimeMillis() - 120_000))
                        .signWith(key)
                        .compact();
        String wrongAudience =
                Jwts.builder()
                        .id("x")
                        .subject("u")
                        .issuer("aimonitor")
                        .audience()
                        .add("someone-else")
                        .and()
                        .claim("role", "admin")
                        .expiration(new Date(System.currentTimeMillis() + 60_000))
                        .signWith(key)
                        .compact();
        String wrongIssuer =
                Jwts.builder()
                        .id("x")
                        .subject("u")
                        .issuer("evil")
                        .audience()
                        .add("aimonitor-api")
                        .and()
                        .claim("role", "admin")
                        .expiration(new Date(System.currentTimeMillis() + 60_000))
                        .signWith(key)
                        .compact();
        String noId =
                Jwts.builder()
                        .subject("u")
                        .issuer("aimonitor")
                        .audience()
                        .add("aimonitor-api")
                        .and()
                        .claim("role", "admin")
                        .expiration(new Date(System.currentTimeMillis() + 60_000))
                        .signWith(key)
                        .compact();

        for (String forged :
                new String[] {
                    algNone,
                    tampered,
                    badSignature,
                    expired,
                    wrongAudience,
                    wrongIssuer,
                    noId,
                    "garbage"
                }) {
            assertThat(api.request("GET", "/api/v1/users", null, forged).statusCode())
                    .as(forged)
                    .isEqualTo(401);
        }
    }

    @Test
    void rs256RefusesHs256TokensSignedWithItsPublicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path dir = Files.createTempDirectory(Path.of("target"), "rsa");
        Path privatePem = dir.resolve("private.pem");
        Path publicPem = dir.resolve("public.pem");
        Files.writeString(
                privatePem,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(
                publicPem,
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        try (TestApi rsa =
                new TestApi(
                        "127.0.0.1:1",
                        store,
                        "--jwt.algorithm=RS256",
                        "--jwt.private-key-file=" + privatePem,
                        "--jwt.public-key-file=" + publicPem)) {
            assertThat(rsa.request("GET", "/api/v1/me", null, rsa.adminToken).statusCode())
                    .isEqualTo(200);

            // the classic confusion attack: HMAC keyed with the (public) RSA key bytes
            var confused = Keys.hmacShaKeyFor(Files.readAllBytes(publicPem));
            String forged =
                    Jwts.builder()
                            .id("x")
                            .subject("u")
                            .issuer("aimonitor")
                            .audience()
                            .add("aimonitor-api")
                            .and()
                            .claim("role", "admin")
                            .expiration(new Date(System.currentTimeMillis() + 60_000))
                            .signWith(confused)
                            .compact();
            assertThat(rsa.request("GET", "/api/v1/me", null, forged).statusCode()).isEqualTo(401);
            // and a token from another deployment's HMAC secret
            assertThat(rsa.request("GET", "/api/v1/me", null, api.adminToken).statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void apiKeysAreShownOnceCarryARoleAndCanBeRevoked() throws Exception {
        HttpResponse<String> created =
                api.request(
                        "POST",
                        "/api/v1/api-keys",
                        Map.of("name", "agent-1", "role", "ingest"),
                        api.adminToken);
        assertThat(created.statusCode()).isEqualTo(201);
        String key = json(created).path("key").asText();
        String id = json(created).path("id").asText();
        assertThat(key).startsWith("aim_").hasSize(44);

        HttpResponse<String> list = api.get("/api/v1/api-keys");
        assertThat(list.body()).doesNotContain(key).doesNotContain("key_hash");
        assertThat(api.request("GET", "/api/v1/me", null, key).statusCode())
                .as("ingest keys cannot read")
                .isEqualTo(403);
        assertThat(
                        json(api.request("GET", "/api/v1/me", null, key))
                                .path("error")
                                .path("message")
                                .asText())
                .contains("viewer");

        assertThat(
                        api.request("DELETE", "/api/v1/api-keys/" + id, null, api.adminToken)
                                .statusCode())
                .isEqualTo(204);
        assertThat(api.request("GET", "/api/v1/metrics", null, key).statusCode()).isEqualTo(401);
    }

    @Test
    void managesUsersWithThePasswordPolicyAndNeverShowsHashes() throws Exception {
        HttpResponse<String> weak =
                api.request(
                        "POST",
                        "/api/v1/users",
                        Map.of("username", "weak", "password", "alllowercase1", "role", "viewer"),
                        api.adminToken);
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(json(weak).path("error").path("message").asText())
                .isEqualTo("password must contain an upper-case letter");
        assertThat(json(weak).path("error").path("details").path("parameter").asText())
                .isEqualTo("password");

        HttpResponse<String> unknownField =
                api.request(
                        "POST",
                        "/api/v1/users",
                        Map.of(
                                "username",
                                "x1",
                                "password",
                                "Good-pass1",
                                "role",
                                "viewer",
                                "isAdmin",
                                true),
                        api.adminToken);
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(json(unknownField).path("error").path("details").path("parameter").asText())
                .isEqualTo("isAdmin");

        api.createUser("carol", "Good-pass1", "editor");
        assertThat(
                        api.request(
                                        "POST",
                                        "/api/v1/users",
                                        Map.of(
                                                "username",
                                                "carol",
                                                "password",
                                                "Good-pass1",
                                                "role",
                                                "viewer"),
                                        api.adminToken)
                                .statusCode())
                .isEqualTo(409);
        String carolToken = api.login("carol", "Good-pass1").path("access_token").asText();
        assertThat(api.request("GET", "/api/v1/users", null, carolToken).statusCode())
                .as("editors are not admins")
                .isEqualTo(403);

        HttpResponse<String> users = api.get("/api/v1/users");
        assertThat(users.body())
                .contains("carol")
                .doesNotContain("argon2")
                .doesNotContain("password");

        String adminId =
                api.login("admin", TestApi.ADMIN_PASSWORD).path("user").path("id").asText();
        HttpResponse<String> lastAdmin =
                api.request(
                        "PATCH",
                        "/api/v1/users/" + adminId,
                        Map.of("role", "viewer"),
                        api.adminToken);
        assertThat(lastAdmin.statusCode()).isEqualTo(409);

        HttpResponse<String> audit = api.get("/api/v1/audit?action=user.create");
        assertThat(json(audit).path("entries").toString())
                .as(audit.statusCode() + " " + audit.body())
                .contains("carol")
                .contains("\"actor\":\"admin\"");
    }

    @Test
    void changingYourPasswordNeedsTheCurrentOneAndEndsOtherSessions() throws Exception {
        api.createUser("dave", "First-pass1", "viewer");
        JsonNode session = api.login("dave", "First-pass1");
        String token = session.path("access_token").asText();

        assertThat(
                        api.request(
                                        "POST",
                                        "/api/v1/me/password",
                                        Map.of(
                                                "current_password",
                                                "nope",
                                                "new_password",
                                                "Second-pass2"),
                                        token)
                                .statusCode())
                .isEqualTo(400);
        assertThat(
                        api.request(
                                        "POST",
                                        "/api/v1/me/password",
                                        Map.of(
                                                "current_password",
                                                "First-pass1",
                                                "new_password",
                                                "Second-pass2"),
                                        token)
                                .statusCode())
                .isEqualTo(204);
        assertThat(
                        api.request(
                                        "POST",
                                        "/api/v1/auth/refresh",
                                        Map.of(
                                                "refresh_token",
                                                session.path("refresh_token").asText()),
                                        null)
                                .statusCode())
                .isEqualTo(401);
        assertThat(api.login("dave", "Second-pass2").path("access_token").asText()).isNotEmpty();
    }
}
