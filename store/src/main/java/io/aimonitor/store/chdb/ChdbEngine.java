package io.aimonitor.store.chdb;

import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import io.aimonitor.store.StoreException;
import io.aimonitor.store.StoreUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ClickHouse engine running inside this process (chDB). One engine per process, one data path;
 * it serves statements through a small pool of connections (a chDB connection runs one statement at
 * a time). Closing waits for running statements before closing connections: closing the last
 * connection shuts the engine down, and doing so under a running query crashes inside libchdb.
 */
public final class ChdbEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChdbEngine.class);
    public static final String EXPECTED_VERSION = "26.7.3";

    private static final AtomicBoolean PROCESS_ENGINE_OPEN = new AtomicBoolean();
    private static final long BORROW_TIMEOUT_SECONDS = 300;

    private final Path dataPath;
    private final BlockingQueue<Pointer> idle;
    private final List<Pointer> connections;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ChdbEngine(Path dataPath, List<Pointer> connections) {
        this.dataPath = dataPath;
        this.connections = connections;
        this.idle = new ArrayBlockingQueue<>(connections.size(), false, connections);
    }

    /**
     * Loads the library, keeps chDB away from the JVM's signal handlers, and opens {@code poolSize}
     * connections to {@code dataPath}.
     */
    public static ChdbEngine open(Path library, Path dataPath, int poolSize, long maxMemoryBytes) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        if (!PROCESS_ENGINE_OPEN.compareAndSet(false, true)) {
            throw new IllegalStateException(
                    "a chDB engine is already open in this process (one engine per process)");
        }
        try {
            ChdbNative.register(library);
            String version = ChdbNative.chdb_version().getString(0);
            if (!version.startsWith(EXPECTED_VERSION)) {
                throw new IllegalStateException(
                        "chDB library "
                                + library
                                + " is version "
                                + version
                                + ", expected "
                                + EXPECTED_VERSION);
            }
            // Must precede the first connect: otherwise chDB takes over SIGSEGV/SIGBUS, which the
            // JVM uses internally, and the process hangs under GC and exception load.
            ChdbNative.chdb_set_signal_handlers_enabled(0);
            Files.createDirectories(dataPath);
            Path config = writeConfig(dataPath, maxMemoryBytes);
            List<Pointer> connections = new ArrayList<>(poolSize);
            try {
                for (int i = 0; i < poolSize; i++) {
                    connections.add(connect(dataPath, config));
                }
            } catch (RuntimeException | Error e) {
                connections.forEach(ChdbNative::chdb_close_conn); // else a second engine opens
                throw e;
            }
            LOG.info(
                    "chDB {} open at {} with {} connections, memory cap {} MiB",
                    version,
                    dataPath,
                    poolSize,
                    maxMemoryBytes >> 20);
            return new ChdbEngine(dataPath, connections);
        } catch (IOException e) {
            PROCESS_ENGINE_OPEN.set(false);
            throw new UncheckedIOException("cannot prepare chDB data path " + dataPath, e);
        } catch (RuntimeException | Error e) {
            PROCESS_ENGINE_OPEN.set(false);
            throw e;
        }
    }

    private static Pointer connect(Path dataPath, Path config) {
        String[] argv = {
            "clickhouse",
            "--path=" + dataPath,
            "--config-file=" + config,
            // we batch ourselves; chDB's default async inserts would delay visibility
            "--async_insert=0",
        };
        Pointer connection = ChdbNative.chdb_connect(argv.length, new StringArray(argv));
        if (connection == null || connection.getPointer(0) == null) {
            throw new StoreUnavailableException(
                    "chDB could not open "
                            + dataPath
                            + " (see stderr; another process may hold the path)");
        }
        return connection;
    }

    private static Path writeConfig(Path dataPath, long maxMemoryBytes) throws IOException {
        Path config = dataPath.resolve("aimonitor-chdb.xml");
        String xml =
                "<clickhouse>\n"
                        + "  <max_server_memory_usage>"
                        + maxMemoryBytes
                        + "</max_server_memory_usage>\n"
                        + "  <mark_cache_size>"
                        + Math.min(256L << 20, maxMemoryBytes / 8)
                        + "</mark_cache_size>\n"
                        + "  <uncompressed_cache_size>0</uncompressed_cache_size>\n"
                        + "  <logger><level>warning</level><console>0</console></logger>\n"
                        + "</clickhouse>\n";
        Files.writeString(config, xml, StandardCharsets.UTF_8);
        return config;
    }

    public Path dataPath() {
        return dataPath;
    }

    /** Runs one statement and returns its output in {@code format}. */
    public byte[] query(String sql, String format, Map<String, String> params) {
        Pointer connectionPointer = borrow();
        try {
            Pointer connection = connectionPointer.getPointer(0);
            Pointer result;
            if (params.isEmpty()) {
                byte[] q = sql.getBytes(StandardCharsets.UTF_8);
                byte[] f = format.getBytes(StandardCharsets.US_ASCII);
                result = ChdbNative.chdb_query_n(connection, q, q.length, f, f.length);
            } else {
                String[] names = params.keySet().toArray(new String[0]);
                String[] values = new String[names.length];
                for (int i = 0; i < names.length; i++) {
                    values[i] = params.get(names[i]);
                }
                result =
                        ChdbNative.chdb_query_with_params(
                                connection,
                                sql,
                                format,
                                new StringArray(names, "UTF-8"),
                                new StringArray(values, "UTF-8"),
                                names.length);
            }
            return takeOutput(result, sql);
        } finally {
            release(connectionPointer);
        }
    }

    /**
     * Streams {@code length} bytes of {@code format} data into {@code insertStatement} (an INSERT
     * without FORMAT or data). Binary data must go this way: inline in query text it is silently
     * truncated. Returns the rows written (materialized views included).
     */
    public long insert(String insertStatement, String format, byte[] data, int length) {
        Pointer connectionPointer = borrow();
        try {
            Pointer stream =
                    ChdbNative.chdb_stream_insert(
                            connectionPointer.getPointer(0), insertStatement, format);
            try {
                Pointer error = ChdbNative.chdb_stream_insert_error(stream);
                if (error != null) {
                    throw new StoreException(error.getString(0, "UTF-8"));
                }
                if (ChdbNative.chdb_stream_append(stream, data, length) != 0) {
                    Pointer appendError = ChdbNative.chdb_stream_insert_error(stream);
                    throw new StoreException(
                            appendError != null
                                    ? appendError.getString(0, "UTF-8")
                                    : "chDB refused the insert data");
                }
                Pointer result = ChdbNative.chdb_stream_done(stream);
                try {
                    checkError(result, insertStatement);
                    return ChdbNative.chdb_result_rows_written(result);
                } finally {
                    ChdbNative.chdb_destroy_query_result(result);
                }
            } finally {
                ChdbNative.chdb_destroy_insert_stream(stream);
            }
        } finally {
            release(connectionPointer);
        }
    }

    private static byte[] takeOutput(Pointer result, String sql) {
        try {
            checkError(result, sql);
            long length = ChdbNative.chdb_result_length(result);
            if (length == 0) {
                return new byte[0];
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new StoreException("query result of " + length + " bytes is too large");
            }
            return ChdbNative.chdb_result_buffer(result).getByteArray(0, (int) length);
        } finally {
            ChdbNative.chdb_destroy_query_result(result);
        }
    }

    private static void checkError(Pointer result, String sql) {
        if (result == null) {
            throw new StoreException("chDB returned no result for: " + abbreviate(sql));
        }
        Pointer error = ChdbNative.chdb_result_error(result);
        if (error != null) {
            throw new StoreException(error.getString(0, "UTF-8").strip());
        }
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 200 ? sql : sql.substring(0, 200) + "...";
    }

    private Pointer borrow() {
        if (closed.get()) {
            throw new StoreUnavailableException("the chDB engine is shutting down");
        }
        try {
            Pointer connection = idle.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (connection == null) {
                throw new StoreUnavailableException(
                        "no chDB connection became free within " + BORROW_TIMEOUT_SECONDS + " s");
            }
            if (closed.get()) {
                idle.add(connection);
                throw new StoreUnavailableException("the chDB engine is shutting down");
            }
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for a chDB connection");
        }
    }

    private void release(Pointer connection) {
        idle.add(connection);
    }

    /**
     * Refuses new statements, waits for running ones to finish, then closes every connection; the
     * last close shuts the engine down.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Pointer> returned = new ArrayList<>(connections.size());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BORROW_TIMEOUT_SECONDS);
        // a cancelled task closes its store on an interrupted thread: the engine must close all
        // the same, or no later open in this process can succeed
        boolean interrupted = false;
        while (returned.size() < connections.size()) {
            long left = deadline - System.nanoTime();
            Pointer c;
            try {
                c = idle.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
                continue;
            }
            if (c == null) {
                LOG.error(
                        "chDB statements still running after {} s; leaving the engine open",
                        BORROW_TIMEOUT_SECONDS);
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            returned.add(c);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Pointer c : returned) {
            ChdbNative.chdb_close_conn(c);
        }
        PROCESS_ENGINE_OPEN.set(false);
        LOG.info("chDB at {} closed", dataPath);
    }
}
