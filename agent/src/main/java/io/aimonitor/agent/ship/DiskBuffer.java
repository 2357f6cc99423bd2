package io.aimonitor.agent.ship;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Collections waiting to be shipped, one file each, named by sequence so the oldest goes first; a
 * file appears whole (written aside, then moved) and is removed only once shipped, so a restart
 * resumes where the agent stopped. Over capacity the oldest files are dropped and counted.
 */
public final class DiskBuffer {
    private static final String SUFFIX = ".otlp";

    private final Path dir;
    private final long maxBytes;
    private final AtomicLong dropped = new AtomicLong();
    private long nextSequence;

    public DiskBuffer(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> stale = Files.list(dir)) {
                for (Path p : stale.filter(p -> p.toString().endsWith(".tmp")).toList()) {
                    Files.deleteIfExists(p); // a write the last run did not finish
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the buffer directory " + dir, e);
        }
        List<Path> files = files();
        nextSequence = files.isEmpty() ? 0 : sequence(files.get(files.size() - 1)) + 1;
    }

    /** Keeps one collection; drops the oldest when over capacity. */
    public synchronized void append(byte[] batch) throws IOException {
        Path tmp = dir.resolve(String.format("%020d.tmp", nextSequence));
        Path file = dir.resolve(String.format("%020d%s", nextSequence, SUFFIX));
        nextSequence++;
        Files.write(tmp, batch);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file);
        }
        List<Path> files = files();
        long total = 0;
        for (Path p : files) {
            total += Files.size(p);
        }
        for (int i = 0; total > maxBytes && i < files.size() - 1; i++) {
            total -= Files.size(files.get(i));
            Files.deleteIfExists(files.get(i));
            dropped.incrementAndGet();
        }
    }

    /** The oldest waiting collection. */
    public synchronized Optional<Path> oldest() {
        List<Path> files = files();
        return files.isEmpty() ? Optional.empty() : Optional.of(files.get(0));
    }

    public synchronized void remove(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    public long dropped() {
        return dropped.get();
    }

    public synchronized long bytes() {
        long total = 0;
        for (Path p : files()) {
            try {
                total += Files.size(p);
            } catch (IOException gone) {
                // shipped meanwhile
            }
        }
        return total;
    }

    public synchronized int size() {
        return files().size();
    }

    private List<Path> files() {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.toString().endsWith(SUFFIX)).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sequence(Path p) {
        String name = p.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }
}
