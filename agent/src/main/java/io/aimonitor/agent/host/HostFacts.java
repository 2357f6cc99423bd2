package io.aimonitor.agent.host;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;

/** Host and OS facts as OpenTelemetry resource attributes. */
public final class HostFacts {
    private HostFacts() {}

    public static Map<String, String> of(SystemInfo system, String agentVersion) {
        OperatingSystem os = system.getOperatingSystem();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("service.name", "aimonitor-agent");
        out.put("host.name", os.getNetworkParams().getHostName());
        out.put("host.arch", System.getProperty("os.arch"));
        out.put("os.type", osType(System.getProperty("os.name")));
        out.put("os.description", os.toString());
        out.put("os.version", os.getVersionInfo().getVersion());
        out.put(
                "host.cpu.model.name",
                system.getHardware().getProcessor().getProcessorIdentifier().getName());
        out.put("aimonitor.agent.version", agentVersion);
        return out;
    }

    static String osType(String osName) {
        String n = osName.toLowerCase(Locale.ROOT);
        if (n.contains("win")) {
            return "windows";
        }
        if (n.contains("mac") || n.contains("darwin")) {
            return "darwin";
        }
        return n.contains("linux") ? "linux" : n.replaceAll("\\s+", "");
    }
}
