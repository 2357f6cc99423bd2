package io.aimonitor.store.chdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetch path against a local HTTP server speaking the npm registry's protocol. */
class ChdbLibraryLocatorITCase {
    private static final String PLATFORM = "test-platform";
    @TempDir Path cache;
    private HttpServer registry;
    private final AtomicInteger downloads = new AtomicInteger();
    private byte[] tarball;
    private String advertisedIntegrity;

    @BeforeEach
    void startRegistry() throws Exception {
        tarball =
                tgz("package/libchdb.so", "not really a library".getBytes(StandardCharsets.UTF_8));
        advertisedIntegrity =
                "sha512-"
                        + Base64.getEncoder()
                                .encodeToString(
                                        MessageDigest.getInstance("SHA-512").digest(tarball));
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + registry.getAddress().getPort();
        registry.createContext(
                "/@chdb/lib-" + PLATFORM + "/" + ChdbLibraryLocator.VERSION,
                exchange -> {
                    byte[] body =
                            ("{\"dist\":{\"integrity\":\""
                                            + advertisedIntegrity
                                            + "\",\"tarball\":\""
                                            + base
                                            + "/pkg.tgz\"}}")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        HttpHandler download =
                exchange -> {
                    downloads.incrementAndGet();
                    exchange.sendResponseHeaders(200, tarball.length);
                    exchange.getResponseBody().write(tarball);
                    exchange.close();
                };
        registry.createContext("/pkg.tgz", download);
        // where a pinned package is fetched from: the npm registry's standard tarball path
        registry.createContext(
                "/@chdb/lib-"
                        + PLATFORM
                        + "/-/lib-"
                        + PLATFORM
                        + "-"
                        + ChdbLibraryLocator.VERSION
                        + ".tgz",
                download);
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    private ChdbLibraryLocator locator(Map<String, String> pins) {
        return new ChdbLibraryLocator(
                cache, "http://127.0.0.1:" + registry.getAddress().getPort(), PLATFORM, pins);
    }

    @Test
    void fetchesVerifiesAndCachesTheLibraryOnce() throws Exception {
        Path first = locator(Map.of()).locate(null);
        Path second = locator(Map.of()).locate(null);

        assertThat(first)
                .isEqualTo(cache.resolve(ChdbLibraryLocator.VERSION).resolve("libchdb.so"))
                .isEqualTo(second);
        assertThat(Files.readString(first)).isEqualTo("not really a library");
        assertThat(downloads).hasValue(1);
    }

    @Test
    void refusesATarballThatDoesNotMatchItsPinnedIntegrity() {
        assertThatThrownBy(() -> locator(Map.of(PLATFORM, "sha512-AAAA")).locate(null))
                .hasMessageContaining("integrity mismatch");
        assertThat(cache.resolve(ChdbLibraryLocator.VERSION).resolve("libchdb.so")).doesNotExist();
    }

    @Test
    void anExplicitLibraryMustExist() {
        assertThatThrownBy(() -> locator(Map.of()).locate(cache.resolve("missing.so")))
                .hasMessageContaining("missing.so does not exist");
    }

    private static byte[] tgz(String name, byte[] content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
