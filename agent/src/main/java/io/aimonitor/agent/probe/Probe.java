package io.aimonitor.agent.probe;

import io.aimonitor.agent.collect.Collector;
import io.aimonitor.agent.collect.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one target and reports, besides its samples, {@code aimonitor.probe.up} (1 or 0) and {@code
 * aimonitor.probe.scrape.duration}; every sample carries {@code probe.type} and {@code
 * probe.target}. A failing target is {@code up = 0} and one log line per failure streak - never a
 * crash - and its message never includes credentials (they are not in the target's name).
 */
public final class Probe implements Collector, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Probe.class);

    private final String type;
    private final String name;
    private final Target target;
    private boolean failing;

    public Probe(String type, String name, Target target) {
        this.type = type;
        this.name = name;
        this.target = target;
    }

    @Override
    public String scope() {
        return "aimonitor.probe." + type;
    }

    @Override
    public List<Sample> collect() {
        long start = System.nanoTime();
        List<Sample> read;
        boolean up;
        try {
            read = target.read();
            up = true;
            if (failing) {
                LOG.info("{} probe {} is reachable again", type, name);
            }
        } catch (Exception e) {
            read = List.of();
            up = false;
            if (!failing) {
                LOG.warn("{} probe {} failed: {}", type, name, e.getMessage());
            }
        }
        failing = !up;
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Sample> out = new ArrayList<>(read.size() + 2);
        for (Sample s : read) {
            out.add(tagged(s));
        }
        out.add(tagged(Sample.gauge("aimonitor.probe.up", "1", up ? 1 : 0)));
        out.add(tagged(Sample.gauge("aimonitor.probe.scrape.duration", "s", seconds)));
        return out;
    }

    private Sample tagged(Sample s) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("probe.type", type);
        attributes.put("probe.target", name);
        attributes.putAll(s.attributes());
        return new Sample(s.name(), s.unit(), s.kind(), attributes, s.value());
    }

    @Override
    public void close() {
        try {
            target.close();
        } catch (Exception e) {
            LOG.debug("closing {} probe {}: {}", type, name, e.getMessage());
        }
    }
}
