package io.aimonitor.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own cost: bin/aimonitor-agent runs with every host collector on, shipping to a local
 * OTLP sink, and its RSS and CPU are read from /proc after a warm-up.
 *
 * <pre>
 * java -cp bench/target/classes:... io.aimonitor.bench.AgentBenchmark --minutes 5 [--interval 10s]
 * </pre>
 */
public final class AgentBenchmark {
    private AgentBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = StandaloneServer.options(args);
        double minutes = Double.parseDouble(o.getOrDefault("minutes", "5"));
        String interval = o.getOrDefault("interval", "10s");
        AtomicLong requests = new AtomicLong();
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext(
                "/v1/metrics",
                ex -> {
                    ex.getRequestBody().readAllBytes();
                    requests.incrementAndGet();
                    ex.sendResponseHeaders(200, -1);
                    ex.close();
                });
        sink.start();
        Path buffer = Files.createTempDirectory("agent-bench");
        // the way operators start it, with its memory settings (built first if needed)
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "bin/aimonitor-agent",
                                "--interval=" + interval,
                                "--buffer.dir=" + buffer,
                                "--output.url=http://127.0.0.1:"
                                        + sink.getAddress().getPort()
                                        + "/v1/metrics"));
        Process agent =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(
                                buffer.resolveSibling(buffer.getFileName() + ".log").toFile())
                        .start();
        try {
            Thread.sleep(30_000); // start-up and JIT warm-up are not the steady state
            ProcessStats start = ProcessStats.of(agent.pid());
            long t0 = System.nanoTime();
            long maxRss = 0;
            long end = t0 + (long) (minutes * 60e9);
            while (System.nanoTime() < end) {
                Thread.sleep(1000);
                maxRss = Math.max(maxRss, ProcessStats.of(agent.pid()).rssBytes());
            }
            ProcessStats stop = ProcessStats.of(agent.pid());
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "agent, interval %s, %.1f min: RSS %.1f MiB (max %.1f MiB), CPU %.2f%% of a core, %d requests shipped%n",
                    interval,
                    seconds / 60,
                    stop.rssBytes() / 1048576.0,
                    maxRss / 1048576.0,
                    100 * (stop.cpuSeconds() - start.cpuSeconds()) / seconds,
                    requests.get());
        } finally {
            agent.destroy();
            agent.waitFor();
            sink.stop(0);
        }
    }
}
