package io.aimonitor.agent;

import io.aimonitor.agent.collect.Collector;
import io.aimonitor.agent.collect.Sample;
import io.aimonitor.agent.otlp.OtlpEncoder;
import io.aimonitor.agent.ship.DiskBuffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collection round: every collector read (a failing one logged and skipped), the agent's own
 * heartbeat and buffer figures added, encoded as one OTLP request and buffered for shipping.
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final List<Collector> collectors;
    private final OtlpEncoder encoder;
    private final DiskBuffer buffer;
    private final Map<String, String> heartbeat;

    public Agent(
            List<Collector> collectors,
            OtlpEncoder encoder,
            DiskBuffer buffer,
            Map<String, String> heartbeat) {
        this.collectors = collectors;
        this.encoder = encoder;
        this.buffer = buffer;
        this.heartbeat = heartbeat;
    }

    /** Reads everything now, by scope. */
    public Map<String, List<Sample>> collect() {
        Map<String, List<Sample>> out = new LinkedHashMap<>();
        for (Collector c : collectors) {
            try {
                out.computeIfAbsent(c.scope(), s -> new ArrayList<>()).addAll(c.collect());
            } catch (Exception e) {
                LOG.warn("collector {} failed: {}", c.scope(), e.toString());
            }
        }
        List<Sample> self = out.computeIfAbsent("aimonitor.agent", s -> new ArrayList<>());
        String[] attributes =
                heartbeat.entrySet().stream()
                        .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                        .toArray(String[]::new);
        self.add(Sample.gauge("aimonitor.agent.heartbeat", "1", 1, attributes));
        if (buffer != null) {
            self.add(Sample.gauge("aimonitor.agent.buffer.usage", "By", buffer.bytes()));
            self.add(
                    Sample.counter(
                            "aimonitor.agent.buffer.dropped", "{collection}", buffer.dropped()));
        }
        return out;
    }

    /** One round: collect, encode, buffer. */
    public void collectAndBuffer() throws IOException {
        Map<String, List<Sample>> samples = collect();
        buffer.append(
                encoder.encode(samples, System.currentTimeMillis() * 1_000_000L).toByteArray());
    }

    /** Samples as text lines, for {@code --once}. */
    public static String text(Map<String, List<Sample>> samples) {
        StringBuilder out = new StringBuilder();
        samples.forEach(
                (scope, list) -> {
                    out.append("# ").append(scope).append('\n');
                    for (Sample s : list) {
                        out.append(s.name());
                        if (!s.attributes().isEmpty()) {
                            out.append('{');
                            s.attributes()
                                    .forEach(
                                            (k, v) ->
                                                    out.append(k)
                                                            .append("=\"")
                                                            .append(v)
                                                            .append("\","));
                            out.setLength(out.length() - 1);
                            out.append('}');
                        }
                        double v = s.value();
                        out.append(' ')
                                .append(
                                        v == Math.rint(v) && Math.abs(v) < 1e15
                                                ? Long.toString((long) v)
                                                : Double.toString(v))
                                .append(' ')
                                .append(s.unit());
                        if (s.kind() == Sample.Kind.COUNTER) {
                            out.append(" (cumulative)");
                        }
                        out.append('\n');
                    }
                });
        return out.toString();
    }
}
