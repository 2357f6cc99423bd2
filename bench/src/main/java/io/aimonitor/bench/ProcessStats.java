package io.aimonitor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory and CPU time of a process, from /proc (Linux). */
record ProcessStats(long rssBytes, double cpuSeconds) {
    private static final double CLOCK_TICKS = 100.0; // USER_HZ on Linux

    static ProcessStats of(long pid) {
        try {
            long rssKb = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
            return new ProcessStats(rssKb * 1024, cpu);
        } catch (IOException | RuntimeException e) {
            return new ProcessStats(-1, -1);
        }
    }
}
