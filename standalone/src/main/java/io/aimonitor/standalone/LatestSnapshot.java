package io.aimonitor.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds what Flink should resume from: the newest completed checkpoint or savepoint (a directory
 * holding {@code _metadata}, written when the snapshot completes) under the Flink data directory.
 */
final class LatestSnapshot {
    private LatestSnapshot() {}

    static Optional<Path> in(Path flinkDir) {
        if (!Files.isDirectory(flinkDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(flinkDir, 4)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .max(Comparator.comparing(LatestSnapshot::modified))
                    .map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + flinkDir, e);
        }
    }

    /** Deletes every snapshot except {@code keep}: after a restore only the newest matters. */
    static void deleteAllBut(Path flinkDir, Path keep) {
        for (String area : List.of("checkpoints", "savepoints")) {
            Path dir = flinkDir.resolve(area);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path entry : entries.toList()) {
                    if (!keep.startsWith(entry)) {
                        deleteRecursively(entry);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean " + dir, e);
            }
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
