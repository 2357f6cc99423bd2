package io.aimonitor.store.chdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds libchdb, fetching it once. chDB is not on Maven Central; it is published on npm as
 * {@code @chdb/lib-<platform>}. The tarball is downloaded from the npm registry, checked against
 * its SHA-512 integrity (pinned for the platforms we test, otherwise as the registry states it),
 * and the library is cached outside the repository, by default under {@code
 * ~/.cache/aimonitor/chdb/<version>/}.
 */
public final class ChdbLibraryLocator {
    private static final Logger LOG = LoggerFactory.getLogger(ChdbLibraryLocator.class);

    public static final String VERSION = "26.7.3-stable.1";
    public static final String DEFAULT_REGISTRY = "https://registry.npmjs.org";
    private static final String LIBRARY_FILE = "libchdb.so";

    /** npm "integrity" of the tarballs verified here. */
    private static final Map<String, String> PINNED_INTEGRITY =
            Map.of(
                    "linux-x64-gnu",
                    "sha512-XP97mMqnc5tZpKQywR8N7cLTsHNiTmHr30pC5mzo3jWmukjKn2IBa60c2B/gWUNcuFjOMjWoorQICCqBVj5wpw==");

    private final Path cacheRoot;
    private final String registry;
    private final String platform;
    private final Map<String, String> pinnedIntegrity;

    public ChdbLibraryLocator(Path cacheRoot, String registry) {
        this(cacheRoot, registry, null, PINNED_INTEGRITY);
    }

    /** For tests: a given platform name and pins instead of this machine's. */
    ChdbLibraryLocator(
            Path cacheRoot, String registry, String platform, Map<String, String> pinnedIntegrity) {
        this.cacheRoot = cacheRoot;
        this.registry =
                registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry;
        this.platform = platform;
        this.pinnedIntegrity = pinnedIntegrity;
    }

    /** The default cache: $XDG_CACHE_HOME/aimonitor/chdb or ~/.cache/aimonitor/chdb. */
    public static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base =
                xdg != null && !xdg.isBlank()
                        ? Path.of(xdg)
                        : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("aimonitor").resolve("chdb");
    }

    /**
     * The library to load: {@code explicit} when given (it must exist), else the cached copy,
     * fetched first if missing.
     */
    public Path locate(Path explicit) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new IllegalStateException("chDB library " + explicit + " does not exist");
            }
            return explicit;
        }
        Path cached = cacheRoot.resolve(VERSION).resolve(LIBRARY_FILE);
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        synchronized (ChdbLibraryLocator.class) {
            if (!Files.isRegularFile(cached)) {
                fetch(platform != null ? platform : platform(), cached);
            }
        }
        return cached;
    }

    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        if (os.contains("linux") && (arm || x64)) {
            return "linux-" + (arm ? "arm64" : "x64") + "-gnu";
        }
        if (os.contains("mac") && (arm || x64)) {
            return "darwin-" + (arm ? "arm64" : "x64");
        }
        throw new IllegalStateException(
                "chDB is not published for "
                        + os
                        + "/"
                        + arch
                        + "; set clickhouse.embedded.library");
    }

    private void fetch(String platform, Path target) {
        String pkg = "@chdb/lib-" + platform;
        HttpClient http =
                HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .connectTimeout(Duration.ofSeconds(30))
                        .build();
        try {
            Files.createDirectories(target.getParent());
            String integrity = pinnedIntegrity.get(platform);
            String tarball = registry + "/" + pkg + "/-/lib-" + platform + "-" + VERSION + ".tgz";
            if (integrity == null) {
                JsonNode dist = registryDist(http, pkg);
                integrity = dist.path("integrity").asText();
                tarball = dist.path("tarball").asText(tarball);
            }
            LOG.info(
                    "Fetching the chDB engine {} for {} (about 170 MB, once) from {}",
                    VERSION,
                    platform,
                    tarball);
            Path download = Files.createTempFile(target.getParent(), "chdb-", ".tgz.part");
            try {
                downloadVerified(http, tarball, integrity, download);
                extractLibrary(download, target);
            } finally {
                Files.deleteIfExists(download);
            }
            LOG.info("chDB engine cached at {}", target);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not fetch chDB " + VERSION + " from " + registry + ": " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching chDB", e);
        }
    }

    private JsonNode registryDist(HttpClient http, String pkg)
            throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(registry + "/" + pkg + "/" + VERSION))
                        .timeout(Duration.ofMinutes(1))
                        .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "registry answered " + response.statusCode() + " for " + pkg + "@" + VERSION);
        }
        return new ObjectMapper().readTree(response.body()).path("dist");
    }

    private static void downloadVerified(HttpClient http, String url, String integrity, Path to)
            throws IOException, InterruptedException {
        if (!integrity.startsWith("sha512-")) {
            throw new IOException("unsupported integrity '" + integrity + "' (expected sha512)");
        }
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(20)).build();
        HttpResponse<InputStream> response =
                http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("download answered " + response.statusCode());
        }
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(response.body(), sha512);
                OutputStream out = Files.newOutputStream(to)) {
            in.transferTo(out);
        }
        String actual = "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
        if (!actual.equals(integrity)) {
            throw new IOException("integrity mismatch: expected " + integrity + ", got " + actual);
        }
    }

    private static void extractLibrary(Path tgz, Path target) throws IOException {
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(
                        new GZIPInputStream(Files.newInputStream(tgz), 1 << 16))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile() && entry.getName().endsWith("/" + LIBRARY_FILE)) {
                    Path part = Files.createTempFile(target.getParent(), "libchdb-", ".part");
                    try {
                        Files.copy(tar, part, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(part);
                    }
                    return;
                }
            }
        }
        throw new IOException("the chDB package holds no " + LIBRARY_FILE);
    }
}
