package io.aimonitor.agent.ship;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * OTLP/HTTP: gzip'd protobuf, authenticated with an API key. 2xx is shipped; 400, 413 and 415 are
 * refused for good; anything else (401/403 included - a key can be fixed) is tried again later.
 * HttpURLConnection rather than java.net.http: it loads a fraction of the classes, which is most of
 * a small agent's memory.
 */
public final class HttpShipper implements Shipper {
    private static final Set<Integer> REFUSED = Set.of(400, 413, 415);

    private final URL url;
    private final String apiKey;
    private final int timeoutMs;

    public HttpShipper(String url, String apiKey, Duration timeout) {
        try {
            this.url = URI.create(url).toURL();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + url, e);
        }
        this.apiKey = apiKey;
        this.timeoutMs = (int) timeout.toMillis();
    }

    @Override
    public void ship(byte[] request) throws IOException, Rejected {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        try {
            c.setConnectTimeout(timeoutMs);
            c.setReadTimeout(timeoutMs);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-protobuf");
            c.setRequestProperty("Content-Encoding", "gzip");
            if (!apiKey.isEmpty()) {
                c.setRequestProperty("Authorization", "Bearer " + apiKey);
            }
            try (OutputStream out = new GZIPOutputStream(c.getOutputStream())) {
                out.write(request);
            }
            int status = c.getResponseCode();
            if (status >= 200 && status < 300) {
                drain(c.getInputStream());
                return;
            }
            String answer = "HTTP " + status + " " + body(c.getErrorStream());
            if (REFUSED.contains(status)) {
                throw new Rejected(answer);
            }
            throw new RetryLater(answer, seconds(c.getHeaderField("Retry-After")));
        } finally {
            c.disconnect();
        }
    }

    private static void drain(InputStream in) throws IOException {
        if (in != null) {
            try (in) {
                in.readAllBytes();
            }
        }
    }

    private static String body(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            String text = new String(in.readNBytes(500), StandardCharsets.UTF_8).strip();
            return text;
        }
    }

    private static long seconds(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
