package io.aimonitor.api.notify.channel;

import java.io.IOException;
import java.net.MalformedURLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * HTTP for user-supplied URLs: every host, the first and every redirect's, is resolved through
 * {@link AddressPolicy} and the connection goes to exactly the addresses checked; redirects are
 * followed here (at most three), never by the client. Timeouts bound every call.
 */
public final class SafeHttp {
    private static final long MAX_BODY_BYTES = 64 * 1024;

    /** What a receiver answered. */
    public record Result(int status, String body, Long retryAfterSeconds) {}

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 3;

    private final AddressPolicy policy;
    private final OkHttpClient client;

    public SafeHttp(AddressPolicy policy, Duration timeout) {
        this.policy = policy;
        this.client =
                new OkHttpClient.Builder()
                        .dns(host -> policy.resolve(host))
                        .followRedirects(false)
                        .followSslRedirects(false)
                        .connectTimeout(timeout)
                        .readTimeout(timeout)
                        .callTimeout(timeout.multipliedBy(2))
                        .build();
    }

    /** Checks a URL before it is stored: scheme and host. */
    public void check(String url) throws IOException {
        HttpUrl parsed = parse(url);
        policy.resolve(parsed.host());
    }

    public Result post(String url, String contentType, byte[] body, Map<String, String> headers)
            throws IOException {
        HttpUrl target = parse(url);
        String method = "POST";
        Map<String, String> sent = headers;
        for (int hop = 0; ; hop++) {
            // literal addresses never reach the client's DNS hook: check every host here too
            policy.resolve(target.host());
            Request.Builder request = new Request.Builder().url(target);
            sent.forEach(request::header);
            request.method(
                    method,
                    method.equals("POST")
                            ? RequestBody.create(body, MediaType.get(contentType))
                            : null);
            try (Response response = client.newCall(request.build()).execute()) {
                if (REDIRECTS.contains(response.code()) && response.header("Location") != null) {
                    if (hop == MAX_REDIRECTS) {
                        throw new IOException("more than " + MAX_REDIRECTS + " redirects");
                    }
                    HttpUrl next = target.resolve(response.header("Location"));
                    if (next == null) {
                        throw new IOException(
                                "unusable redirect to " + response.header("Location"));
                    }
                    if (!next.host().equals(target.host()) || next.port() != target.port()) {
                        // credentials are for the receiver configured, not wherever it points
                        sent = new java.util.HashMap<>(sent);
                        sent.keySet().removeIf(h -> h.equalsIgnoreCase("Authorization"));
                    }
                    target = parse(next.toString());
                    if (response.code() == 303) {
                        method = "GET";
                    }
                    continue;
                }
                return new Result(
                        response.code(),
                        // only the start is ever shown: a receiver must not fill the memory
                        response.peekBody(MAX_BODY_BYTES).string(),
                        retryAfter(response.header("Retry-After")));
            }
        }
    }

    private static HttpUrl parse(String url) throws MalformedURLException {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            // never quote the URL: it may carry a token
            throw new MalformedURLException("not an http(s) URL");
        }
        return parsed;
    }

    private static Long retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            try {
                long at =
                        java.time.ZonedDateTime.parse(
                                        header,
                                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                                .toInstant()
                                .toEpochMilli();
                return Math.max(0, (at - System.currentTimeMillis()) / 1000);
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
