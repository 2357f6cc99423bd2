package io.aimonitor.agent.host;

import static io.aimonitor.agent.collect.Samples.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.aimonitor.agent.collect.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.hardware.VirtualMemory;
import oshi.software.os.FileSystem;
import oshi.software.os.OSFileStore;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/** The host collector over injected OSHI objects (exact values), and once over the real host. */
class HostCollectorTest {
    @Test
    void mapsOshiReadingsToSemanticConventionNames() {
        long gib = 1L << 30;
        CentralProcessor cpu =
                Fake.of(
                        CentralProcessor.class,
                        Map.of(
                                "getSystemCpuLoadTicks", new long[8],
                                "getProcessorCpuLoadTicks", new long[2][8],
                                "getSystemCpuLoadBetweenTicks", 0.25,
                                "getProcessorCpuLoadBetweenTicks", new double[] {0.1, 0.4},
                                "getLogicalProcessorCount", 2,
                                "getSystemLoadAverage", new double[] {1.5, 1.0, 0.5}));
        VirtualMemory swap =
                Fake.of(
                        VirtualMemory.class,
                        Map.of("getSwapTotal", 2 * gib, "getSwapUsed", gib / 2));
        GlobalMemory memory =
                Fake.of(
                        GlobalMemory.class,
                        Map.of(
                                "getTotal",
                                8 * gib,
                                "getAvailable",
                                2 * gib,
                                "getVirtualMemory",
                                swap));
        OSFileStore root =
                Fake.of(
                        OSFileStore.class,
                        Map.of(
                                "getVolume",
                                "/dev/sda1",
                                "getMount",
                                "/",
                                "getType",
                                "ext4",
                                "getTotalSpace",
                                100 * gib,
                                "getUsableSpace",
                                25 * gib,
                                "getTotalInodes",
                                1000L,
                                "getFreeInodes",
                                600L));
        FileSystem fs = Fake.of(FileSystem.class, Map.of("getFileStores", List.of(root)));
        HWDiskStore disk =
                Fake.of(
                        HWDiskStore.class,
                        Map.of(
                                "getName",
                                "sda",
                                "getReadBytes",
                                1000L,
                                "getWriteBytes",
                                2000L,
                                "getReads",
                                10L,
                                "getWrites",
                                20L));
        NetworkIF nic =
                Fake.of(
                        NetworkIF.class,
                        Map.of(
                                "getName",
                                "eth0",
                                "getBytesRecv",
                                5000L,
                                "getBytesSent",
                                7000L,
                                "getInErrors",
                                3L));
        OSProcess java = process(42, "java", 512 * 1024 * 1024L, 0.5);
        OSProcess sh = process(7, "sh", 1024 * 1024L, 0.01);
        HardwareAbstractionLayer hal =
                Fake.of(
                        HardwareAbstractionLayer.class,
                        Map.of(
                                "getProcessor",
                                cpu,
                                "getMemory",
                                memory,
                                "getDiskStores",
                                List.of(disk),
                                "getNetworkIFs",
                                List.of(nic)));
        OperatingSystem os =
                Fake.of(
                        OperatingSystem.class,
                        Map.of(
                                "getFileSystem",
                                fs,
                                "getProcessCount",
                                123,
                                "getSystemUptime",
                                3600L,
                                "getProcesses",
                                List.of(java, sh)));
        HostCollector host = new HostCollector(hal, os, 1);

        List<Sample> first = host.collect();
        assertThat(value(first, "system.cpu.utilization", Map.of()))
                .as("needs two readings")
                .isEmpty();
        List<Sample> s = host.collect();
        assertThat(value(s, "system.cpu.utilization", Map.of())).contains(0.25);
        assertThat(value(s, "system.cpu.utilization", Map.of("cpu", "1"))).contains(0.4);
        assertThat(value(s, "system.cpu.load_average.1m", Map.of())).contains(1.5);
        assertThat(value(s, "system.memory.usage", Map.of("system.memory.state", "used")))
                .contains(6.0 * gib);
        assertThat(value(s, "system.memory.utilization", Map.of())).contains(0.75);
        assertThat(value(s, "system.paging.usage", Map.of("system.paging.state", "free")))
                .contains(1.5 * gib);
        assertThat(
                        value(
                                s,
                                "system.filesystem.utilization",
                                Map.of("system.filesystem.mountpoint", "/")))
                .contains(0.75);
        assertThat(
                        value(
                                s,
                                "system.filesystem.inodes.usage",
                                Map.of("system.filesystem.state", "used")))
                .contains(400.0);
        assertThat(
                        value(
                                s,
                                "system.disk.io",
                                Map.of("system.device", "sda", "disk.io.direction", "write")))
                .contains(2000.0);
        assertThat(
                        value(
                                s,
                                "system.network.io",
                                Map.of(
                                        "network.interface.name",
                                        "eth0",
                                        "network.io.direction",
                                        "transmit")))
                .contains(7000.0);
        assertThat(value(s, "system.network.errors", Map.of("network.io.direction", "receive")))
                .contains(3.0);
        assertThat(value(s, "system.process.count", Map.of())).contains(123.0);
        assertThat(value(s, "system.uptime", Map.of())).contains(3600.0);
        assertThat(s.stream().filter(x -> x.name().equals("process.cpu.utilization")))
                .singleElement()
                .satisfies(
                        p ->
                                assertThat(p.attributes())
                                        .containsEntry("process.executable.name", "java"));
        assertThat(value(s, "process.memory.usage", Map.of("process.pid", "42")))
                .contains(512.0 * 1024 * 1024);
        assertThat(
                        s.stream()
                                .filter(x -> x.name().equals("system.disk.io"))
                                .allMatch(x -> x.kind() == Sample.Kind.COUNTER))
                .isTrue();
    }

    @Test
    void readsTheRealHost() throws Exception {
        SystemInfo system = new SystemInfo();
        HostCollector host =
                new HostCollector(system.getHardware(), system.getOperatingSystem(), 3);
        host.collect();
        Thread.sleep(500);
        List<Sample> s = host.collect();
        assertThat(value(s, "system.cpu.utilization", Map.of()))
                .hasValueSatisfying(v -> assertThat(v).isBetween(0.0, 1.0));
        double limit = value(s, "system.memory.limit", Map.of()).orElseThrow();
        assertThat(limit).isGreaterThan(1 << 30);
        assertThat(
                        value(s, "system.memory.usage", Map.of("system.memory.state", "used"))
                                        .orElseThrow()
                                + value(
                                                s,
                                                "system.memory.usage",
                                                Map.of("system.memory.state", "free"))
                                        .orElseThrow())
                .isEqualTo(limit);
        assertThat(s).anyMatch(x -> x.name().equals("system.filesystem.usage"));
        assertThat(value(s, "system.process.count", Map.of()))
                .hasValueSatisfying(v -> assertThat(v).isPositive());
        assertThat(s.stream().filter(x -> x.name().equals("process.memory.usage"))).hasSize(3);
        assertThat(HostFacts.of(system, "test"))
                .containsKeys("host.name", "os.type", "host.arch")
                .containsEntry("os.type", "linux");
    }

    private static OSProcess process(int pid, String name, long rss, double cpuShare) {
        return Fake.of(
                OSProcess.class,
                Map.of(
                        "getProcessID", pid,
                        "getName", name,
                        "getResidentSetSize", rss,
                        "getProcessCpuLoadBetweenTicks", cpuShare));
    }
}
