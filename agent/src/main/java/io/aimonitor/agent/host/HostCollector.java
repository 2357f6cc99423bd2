package io.aimonitor.agent.host;

import static io.aimonitor.agent.collect.Attributes.with;

import io.aimonitor.agent.collect.Collector;
import io.aimonitor.agent.collect.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * The host through OSHI (/proc on Linux, IOKit on macOS, WMI on Windows): CPU (total, per core,
 * load), memory, swap, filesystems (usage, inodes), disk and network I/O with errors, processes
 * (count, top N by CPU and by memory) and uptime, under OpenTelemetry's {@code system.*} and {@code
 * process.*} names. CPU and process shares are measured between two collections, so the first
 * collection reports none.
 */
public final class HostCollector implements Collector {
    private final HardwareAbstractionLayer hardware;
    private final OperatingSystem os;
    private final int topProcesses;
    private long[] previousTicks;
    private long[][] previousCoreTicks;
    private Map<Integer, OSProcess> previousProcesses = Map.of();

    public HostCollector(HardwareAbstractionLayer hardware, OperatingSystem os, int topProcesses) {
        this.hardware = hardware;
        this.os = os;
        this.topProcesses = topProcesses;
    }

    @Override
    public String scope() {
        return "aimonitor.host";
    }

    @Override
    public List<Sample> collect() {
        List<Sample> out = new ArrayList<>();
        cpu(out);
        memory(out);
        filesystems(out);
        disks(out);
        network(out);
        processes(out);
        out.add(Sample.gauge("system.uptime", "s", os.getSystemUptime()));
        return out;
    }

    private void cpu(List<Sample> out) {
        CentralProcessor cpu = hardware.getProcessor();
        long[] ticks = cpu.getSystemCpuLoadTicks();
        long[][] coreTicks = cpu.getProcessorCpuLoadTicks();
        if (previousTicks != null) {
            out.add(
                    Sample.gauge(
                            "system.cpu.utilization",
                            "1",
                            cpu.getSystemCpuLoadBetweenTicks(previousTicks)));
            double[] perCore = cpu.getProcessorCpuLoadBetweenTicks(previousCoreTicks);
            for (int i = 0; i < perCore.length; i++) {
                out.add(
                        Sample.gauge(
                                "system.cpu.utilization",
                                "1",
                                perCore[i],
                                "cpu",
                                Integer.toString(i)));
            }
        }
        previousTicks = ticks;
        previousCoreTicks = coreTicks;
        out.add(Sample.gauge("system.cpu.logical.count", "{cpu}", cpu.getLogicalProcessorCount()));
        double[] load = cpu.getSystemLoadAverage(3);
        String[] periods = {"1m", "5m", "15m"};
        for (int i = 0; i < load.length; i++) {
            if (load[i] >= 0) { // negative where the OS has no load average (Windows)
                out.add(Sample.gauge("system.cpu.load_average." + periods[i], "{thread}", load[i]));
            }
        }
    }

    private void memory(List<Sample> out) {
        GlobalMemory memory = hardware.getMemory();
        long total = memory.getTotal();
        long available = memory.getAvailable();
        out.add(Sample.gauge("system.memory.limit", "By", total));
        out.add(
                Sample.gauge(
                        "system.memory.usage",
                        "By",
                        total - available,
                        "system.memory.state",
                        "used"));
        out.add(
                Sample.gauge(
                        "system.memory.usage", "By", available, "system.memory.state", "free"));
        if (total > 0) {
            out.add(
                    Sample.gauge(
                            "system.memory.utilization",
                            "1",
                            (double) (total - available) / total,
                            "system.memory.state",
                            "used"));
        }
        long swapTotal = memory.getVirtualMemory().getSwapTotal();
        long swapUsed = memory.getVirtualMemory().getSwapUsed();
        out.add(Sample.gauge("system.paging.usage", "By", swapUsed, "system.paging.state", "used"));
        out.add(
                Sample.gauge(
                        "system.paging.usage",
                        "By",
                        swapTotal - swapUsed,
                        "system.paging.state",
                        "free"));
    }

    private void filesystems(List<Sample> out) {
        for (OSFileStore fs : os.getFileSystem().getFileStores(true)) {
            String[] at = {
                "system.device", fs.getVolume(),
                "system.filesystem.mountpoint", fs.getMount(),
                "system.filesystem.type", fs.getType()
            };
            long total = fs.getTotalSpace();
            long free = fs.getUsableSpace();
            out.add(
                    Sample.gauge(
                            "system.filesystem.usage",
                            "By",
                            total - free,
                            with(at, "system.filesystem.state", "used")));
            out.add(
                    Sample.gauge(
                            "system.filesystem.usage",
                            "By",
                            free,
                            with(at, "system.filesystem.state", "free")));
            if (total > 0) {
                out.add(
                        Sample.gauge(
                                "system.filesystem.utilization",
                                "1",
                                (double) (total - free) / total,
                                at));
            }
            long inodes = fs.getTotalInodes();
            if (inodes > 0) {
                long freeInodes = fs.getFreeInodes();
                out.add(
                        Sample.gauge(
                                "system.filesystem.inodes.usage",
                                "{inode}",
                                inodes - freeInodes,
                                with(at, "system.filesystem.state", "used")));
                out.add(
                        Sample.gauge(
                                "system.filesystem.inodes.usage",
                                "{inode}",
                                freeInodes,
                                with(at, "system.filesystem.state", "free")));
            }
        }
    }

    private void disks(List<Sample> out) {
        for (HWDiskStore disk : hardware.getDiskStores()) {
            disk.updateAttributes();
            String name = disk.getName();
            out.add(
                    Sample.counter(
                            "system.disk.io",
                            "By",
                            disk.getReadBytes(),
                            "system.device",
                            name,
                            "disk.io.direction",
                            "read"));
            out.add(
                    Sample.counter(
                            "system.disk.io",
                            "By",
                            disk.getWriteBytes(),
                            "system.device",
                            name,
                            "disk.io.direction",
                            "write"));
            out.add(
                    Sample.counter(
                            "system.disk.operations",
                            "{operation}",
                            disk.getReads(),
                            "system.device",
                            name,
                            "disk.io.direction",
                            "read"));
            out.add(
                    Sample.counter(
                            "system.disk.operations",
                            "{operation}",
                            disk.getWrites(),
                            "system.device",
                            name,
                            "disk.io.direction",
                            "write"));
        }
    }

    private void network(List<Sample> out) {
        for (NetworkIF nic : hardware.getNetworkIFs()) {
            nic.updateAttributes();
            String name = nic.getName();
            out.add(
                    Sample.counter(
                            "system.network.io",
                            "By",
                            nic.getBytesRecv(),
                            "network.interface.name",
                            name,
                            "network.io.direction",
                            "receive"));
            out.add(
                    Sample.counter(
                            "system.network.io",
                            "By",
                            nic.getBytesSent(),
                            "network.interface.name",
                            name,
                            "network.io.direction",
                            "transmit"));
            out.add(
                    Sample.counter(
                            "system.network.packets",
                            "{packet}",
                            nic.getPacketsRecv(),
                            "network.interface.name",
                            name,
                            "network.io.direction",
                            "receive"));
            out.add(
                    Sample.counter(
                            "system.network.packets",
                            "{packet}",
                            nic.getPacketsSent(),
                            "network.interface.name",
                            name,
                            "network.io.direction",
                            "transmit"));
            out.add(
                    Sample.counter(
                            "system.network.errors",
                            "{error}",
                            nic.getInErrors(),
                            "network.interface.name",
                            name,
                            "network.io.direction",
                            "receive"));
            out.add(
                    Sample.counter(
                            "system.network.errors",
                            "{error}",
                            nic.getOutErrors(),
                            "network.interface.name",
                            name,
                            "network.io.direction",
                            "transmit"));
        }
    }

    private void processes(List<Sample> out) {
        out.add(Sample.gauge("system.process.count", "{process}", os.getProcessCount()));
        if (topProcesses <= 0) {
            return;
        }
        List<OSProcess> all = os.getProcesses();
        Map<Integer, OSProcess> now = new HashMap<>();
        Map<OSProcess, Double> cpu = new HashMap<>();
        for (OSProcess p : all) {
            now.put(p.getProcessID(), p);
            OSProcess before = previousProcesses.get(p.getProcessID());
            if (before != null) {
                cpu.put(p, p.getProcessCpuLoadBetweenTicks(before));
            }
        }
        previousProcesses = now;
        cpu.entrySet().stream()
                .sorted(Map.Entry.<OSProcess, Double>comparingByValue().reversed())
                .limit(topProcesses)
                .forEach(
                        e ->
                                out.add(
                                        Sample.gauge(
                                                "process.cpu.utilization",
                                                "1",
                                                e.getValue(),
                                                process(e.getKey()))));
        all.stream()
                .sorted((a, b) -> Long.compare(b.getResidentSetSize(), a.getResidentSetSize()))
                .limit(topProcesses)
                .forEach(
                        p ->
                                out.add(
                                        Sample.gauge(
                                                "process.memory.usage",
                                                "By",
                                                p.getResidentSetSize(),
                                                process(p))));
    }

    private static String[] process(OSProcess p) {
        return new String[] {
            "process.pid",
            Integer.toString(p.getProcessID()),
            "process.executable.name",
            p.getName()
        };
    }
}
