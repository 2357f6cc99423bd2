package io.aimonitor.agent.probe;

import io.aimonitor.agent.collect.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text exposition format (0.0.4) as samples: counters (their {@code _total} dropped,
 * as OpenTelemetry names them) are cumulative; gauges and untyped series are gauges; a histogram's
 * {@code _bucket} (with {@code le}), {@code _sum} and {@code _count} and a summary's {@code _sum}
 * and {@code _count} are cumulative, its quantiles gauges. Label values unescape {@code \\}, {@code
 * \"} and {@code \n}; values may be {@code NaN}, {@code +Inf}, {@code -Inf}.
 */
public final class PrometheusText {
    private PrometheusText() {}

    public static List<Sample> parse(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, String> units = new HashMap<>();
        List<Sample> out = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split("\\s+", 4);
                if (parts.length >= 4 && parts[1].equals("TYPE")) {
                    types.put(parts[2], parts[3].strip());
                } else if (parts.length >= 4 && parts[1].equals("UNIT")) {
                    units.put(parts[2], parts[3].strip());
                }
                continue;
            }
            try {
                out.add(sample(line, types, units));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "line " + lineNo + ": cannot parse '" + line + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Sample sample(
            String line, Map<String, String> types, Map<String, String> units) {
        int i = 0;
        while (i < line.length()
                && line.charAt(i) != '{'
                && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        double value = value(rest[0]);
        String family = family(name, types);
        String type = types.getOrDefault(family, "untyped");
        String unit = units.getOrDefault(family, "1");
        boolean cumulative =
                switch (type) {
                    case "counter" -> true;
                    case "histogram" -> !name.equals(family);
                    case "summary" -> name.endsWith("_sum") || name.endsWith("_count");
                    default -> false;
                };
        String otelName =
                type.equals("counter") && name.endsWith("_total")
                        ? name.substring(0, name.length() - 6)
                        : name;
        return new Sample(
                otelName,
                unit,
                cumulative ? Sample.Kind.COUNTER : Sample.Kind.GAUGE,
                labels,
                value);
    }

    /** The family a series belongs to: its name, or its name without a histogram/summary suffix. */
    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count", "_total", "_created"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return name;
    }

    private static int labels(String line, int i, Map<String, String> out) {
        while (true) {
            while (line.charAt(i) == ' ' || line.charAt(i) == ',') {
                i++;
            }
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq).strip();
            i = eq + 1;
            while (line.charAt(i) == ' ') {
                i++;
            }
            if (line.charAt(i) != '"') {
                throw new IllegalArgumentException("label " + key + ": value must be quoted");
            }
            StringBuilder value = new StringBuilder();
            i++;
            for (; line.charAt(i) != '"'; i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    char next = line.charAt(++i);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            out.put(key, value.toString());
            i++;
        }
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
