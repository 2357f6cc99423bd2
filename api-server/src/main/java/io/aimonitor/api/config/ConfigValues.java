package io.aimonitor.api.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed, validated reads from the merged configuration tree; errors name the key. */
final class ConfigValues {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|KiB|MiB|GiB)?");

    private final ObjectNode root;

    ConfigValues(ObjectNode root) {
        this.root = root;
    }

    private JsonNode node(String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        if (node.isMissingNode() || node.isNull()) {
            throw new ConfigException(path + ": is required");
        }
        return node;
    }

    String string(String path) {
        JsonNode n = node(path);
        if (!n.isValueNode()) {
            throw new ConfigException(path + ": must be a single value");
        }
        return n.asText().strip();
    }

    String oneOf(String path, Set<String> allowed) {
        String value = string(path);
        if (!allowed.contains(value)) {
            throw new ConfigException(
                    path
                            + ": must be one of "
                            + String.join(", ", allowed.stream().sorted().toList())
                            + ", got '"
                            + value
                            + "'");
        }
        return value;
    }

    boolean bool(String path) {
        String text = string(path).toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new ConfigException(path + ": must be true or false, got '" + text + "'");
        }
        return text.equals("true");
    }

    /** A comma-separated list, empty items dropped. */
    List<String> list(String path) {
        List<String> items = new ArrayList<>();
        for (String item : string(path).split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return List.copyOf(items);
    }

    int integer(String path, int min, int max) {
        String text = string(path);
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    path
                            + ": must be an integer from "
                            + min
                            + " to "
                            + max
                            + ", got '"
                            + text
                            + "'");
        }
    }

    Duration duration(String path, Duration min) {
        String text = string(path);
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(
                    path
                            + ": must be a duration such as 500ms, 5s, 2m, 1h or 1d, got '"
                            + text
                            + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d =
                switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
        if (d.compareTo(min) < 0) {
            throw new ConfigException(
                    path + ": must be at least " + min.toMillis() + "ms, got '" + text + "'");
        }
        return d;
    }

    long size(String path, long min, long max) {
        String text = string(path);
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new ConfigException(
                    path
                            + ": must be a size such as 65536, 64KiB, 16MiB or 1GiB, got '"
                            + text
                            + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long bytes =
                switch (unit) {
                    case "KB" -> n * 1_000L;
                    case "MB" -> n * 1_000_000L;
                    case "GB" -> n * 1_000_000_000L;
                    case "KiB" -> n << 10;
                    case "MiB" -> n << 20;
                    case "GiB" -> n << 30;
                    default -> n;
                };
        if (bytes < min || bytes > max) {
            throw new ConfigException(
                    path + ": must be from " + min + " to " + max + " bytes, got '" + text + "'");
        }
        return bytes;
    }
}
