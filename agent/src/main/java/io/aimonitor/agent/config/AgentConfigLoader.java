package io.aimonitor.agent.config;

import io.aimonitor.schemas.text.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Defaults, then the YAML file, then {@code AIMONITOR_AGENT_*} environment variables, then {@code
 * --key=value} flags; {@code ${VAR}} in any string is replaced from the environment. Every key must
 * exist in the defaults; unknown keys and bad values fail with a message naming the key. Bound by
 * hand on SnakeYAML: a databinding library would be a fifth of the agent's loaded classes.
 */
public final class AgentConfigLoader {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final String ENV_PREFIX = "AIMONITOR_AGENT_";
    private static final Set<String> TARGET_KEYS = Set.of("name", "url", "user", "password");

    private AgentConfigLoader() {}

    public static AgentConfig load(Path file, Map<String, String> flags, Map<String, String> env) {
        Map<String, Object> tree =
                read(
                        AgentConfigLoader.class.getResourceAsStream("/agent-defaults.yaml"),
                        "defaults");
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                merge(tree, read(in, file.toString()), "");
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        env.forEach(
                (k, v) -> {
                    if (k.startsWith(ENV_PREFIX)) {
                        set(tree, envKey(tree, k), v, k);
                    }
                });
        flags.forEach((k, v) -> set(tree, k, v, "--" + k));
        Values v = new Values(tree, env);
        AgentConfig config =
                new AgentConfig(
                        v.duration("interval"),
                        new AgentConfig.Output(
                                v.text("output.mode"),
                                v.text("output.url"),
                                v.text("output.api-key"),
                                v.text("output.kafka-bootstrap-servers"),
                                v.text("output.kafka-topic"),
                                v.duration("output.timeout")),
                        new AgentConfig.Buffer(
                                v.text("buffer.dir"), v.integer("buffer.max-size-mb")),
                        new AgentConfig.Host(
                                v.bool("host.enabled"), v.integer("host.top-processes")),
                        new AgentConfig.Containers(
                                v.bool("containers.docker.enabled"),
                                v.text("containers.docker.host"),
                                v.bool("containers.kubernetes.enabled"),
                                v.text("containers.kubernetes.kubeconfig")),
                        new AgentConfig.ProbeTargets(
                                v.targets("probes.postgresql"),
                                v.targets("probes.mysql"),
                                v.targets("probes.redis"),
                                v.targets("probes.mongodb"),
                                v.targets("probes.clickhouse"),
                                v.targets("probes.kafka"),
                                v.targets("probes.rabbitmq"),
                                v.targets("probes.nats"),
                                v.targets("probes.prometheus")));
        validate(config);
        return config;
    }

    private static void validate(AgentConfig c) {
        if (c.interval().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("interval: must be at least 1s");
        }
        switch (c.output().mode()) {
            case "http" -> {
                if (!c.output().url().startsWith("http://")
                        && !c.output().url().startsWith("https://")) {
                    throw new IllegalArgumentException(
                            "output.url: must be an http(s) URL when output.mode is http");
                }
            }
            case "kafka" -> {
                if (c.output().kafkaBootstrapServers().isBlank()) {
                    throw new IllegalArgumentException(
                            "output.kafka-bootstrap-servers: is required when output.mode is kafka");
                }
            }
            default ->
                    throw new IllegalArgumentException(
                            "output.mode: must be http or kafka, got '" + c.output().mode() + "'");
        }
        if (c.buffer().maxSizeMb() < 1) {
            throw new IllegalArgumentException("buffer.max-size-mb: must be at least 1");
        }
    }

    /** Typed reads of the merged tree, each failure naming its key. */
    private record Values(Map<String, Object> tree, Map<String, String> env) {
        Object raw(String key) {
            Object node = tree;
            for (String part : key.split("\\.")) {
                node = ((Map<?, ?>) node).get(part);
            }
            return node;
        }

        String text(String key) {
            Object v = raw(key);
            if (v instanceof Map || v instanceof List) {
                throw new IllegalArgumentException(key + ": must be a single value");
            }
            return v == null ? "" : substitute(key, v.toString(), env);
        }

        Duration duration(String key) {
            try {
                return Durations.parse(text(key));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }

        int integer(String key) {
            try {
                return Integer.parseInt(text(key).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        key + ": must be a whole number, got '" + text(key) + "'", e);
            }
        }

        boolean bool(String key) {
            String t = text(key).strip().toLowerCase(Locale.ROOT);
            if (!t.equals("true") && !t.equals("false")) {
                throw new IllegalArgumentException(
                        key + ": must be true or false, got '" + t + "'");
            }
            return t.equals("true");
        }

        List<AgentConfig.Target> targets(String key) {
            Object v = raw(key);
            if (!(v instanceof List<?> list)) {
                throw new IllegalArgumentException(
                        key + ": must be a list of {name, url, user, password}");
            }
            List<AgentConfig.Target> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String at = key + "[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> m)) {
                    throw new IllegalArgumentException(
                            at + ": must be a mapping with name and url");
                }
                for (Object k : m.keySet()) {
                    if (!TARGET_KEYS.contains(String.valueOf(k))) {
                        throw new IllegalArgumentException(
                                at + "." + k + ": unknown key (known: name, url, user, password)");
                    }
                }
                String name = field(m, "name", at);
                String url = field(m, "url", at);
                if (name.isBlank()) {
                    throw new IllegalArgumentException(at + ".name: is required");
                }
                if (url.isBlank()) {
                    throw new IllegalArgumentException(at + ".url: is required");
                }
                out.add(
                        new AgentConfig.Target(
                                name, url, field(m, "user", at), field(m, "password", at)));
            }
            return out;
        }

        private String field(Map<?, ?> m, String name, String at) {
            Object v = m.get(name);
            return v == null ? "" : substitute(at + "." + name, v.toString(), env);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(InputStream in, String what) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (doc == null) {
                return new LinkedHashMap<>();
            }
            if (!(doc instanceof Map)) {
                throw new IllegalArgumentException(what + ": must be a YAML mapping");
            }
            return (Map<String, Object>) doc;
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException(what + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    /** Lays {@code from} over {@code into}; every key must already exist (in the defaults). */
    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from, String prefix) {
        for (Map.Entry<String, Object> e : from.entrySet()) {
            String key = prefix + e.getKey();
            if (!into.containsKey(e.getKey())) {
                throw new IllegalArgumentException(key + ": unknown key");
            }
            Object existing = into.get(e.getKey());
            if (existing instanceof Map && e.getValue() instanceof Map) {
                merge(
                        (Map<String, Object>) existing,
                        (Map<String, Object>) e.getValue(),
                        key + ".");
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
    }

    /** The dotted key an environment variable names, found among the keys that exist. */
    private static String envKey(Map<String, Object> tree, String variable) {
        String found = find(tree, "", variable.substring(ENV_PREFIX.length()));
        if (found == null) {
            throw new IllegalArgumentException(
                    "environment variable " + variable + " names no configuration key");
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static String find(Map<String, Object> node, String prefix, String wanted) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map) {
                String inner = find((Map<String, Object>) e.getValue(), key, wanted);
                if (inner != null) {
                    return inner;
                }
            } else if (key.toUpperCase(Locale.ROOT)
                    .replace('.', '_')
                    .replace('-', '_')
                    .equals(wanted)) {
                return key;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> tree, String key, String value, String source) {
        String[] parts = key.split("\\.");
        Map<String, Object> node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(node.get(parts[i]) instanceof Map)) {
                throw new IllegalArgumentException(source + ": unknown key '" + key + "'");
            }
            node = (Map<String, Object>) node.get(parts[i]);
        }
        Object old = node.get(parts[parts.length - 1]);
        if (!node.containsKey(parts[parts.length - 1])) {
            throw new IllegalArgumentException(source + ": unknown key '" + key + "'");
        }
        if (old instanceof Map || old instanceof List) {
            throw new IllegalArgumentException(
                    source + ": '" + key + "' is not a setting that takes one value");
        }
        node.put(parts[parts.length - 1], value);
    }

    private static String substitute(String key, String text, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        key + ": ${" + m.group(1) + "} is not set in the environment");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
