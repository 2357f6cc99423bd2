package io.aimonitor.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Standalone mode as an operator runs it: a separate JVM, stopped with SIGTERM. Its output goes to
 * a file (a pipe loses the last lines when the JDK reaps the exited process).
 */
final class StandaloneProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private StandaloneProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static StandaloneProcess start(
            Path dataDir, int apiPort, int kafkaPort, Path log, String... flags)
            throws IOException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx1g",
                                "-cp",
                                System.getProperty("java.class.path"),
                                StandaloneMain.class.getName(),
                                "--data-dir=" + dataDir,
                                "--server.host=127.0.0.1",
                                "--server.port=" + apiPort,
                                "--kafka.embedded.port=" + kafkaPort,
                                "--flink.checkpoint-interval=500ms"));
        command.addAll(List.of(flags));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AIMONITOR_"));
        return new StandaloneProcess(builder.start(), log);
    }

    /** The ready line, once printed. */
    String awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : output()) {
                if (line.startsWith("AIMonitor ready")) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "standalone exited with "
                                + process.exitValue()
                                + " before it was ready; see "
                                + log);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("standalone not ready within " + timeout + "; see " + log);
    }

    /** SIGTERM, then waits for a clean exit; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("standalone did not stop within 3 minutes; see " + log);
        }
        return process.exitValue();
    }

    List<String> output() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
