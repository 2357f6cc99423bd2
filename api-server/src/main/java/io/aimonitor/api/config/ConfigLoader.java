package io.aimonitor.api.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.aimonitor.store.Retention;
import io.aimonitor.store.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads the configuration: built-in defaults, then a YAML file, then {@code AIMONITOR_*}
 * environment variables, then {@code --key=value} flags. Every key must exist in the defaults, so a
 * misspelt key is an error rather than silently ignored.
 */
public final class ConfigLoader {
    public static final String DEFAULTS_RESOURCE = "aimonitor-defaults.yaml";
    private static final String ENV_PREFIX = "AIMONITOR_";
    private static final String CONFIG_FILE_ENV = "AIMONITOR_CONFIG";
    private static final Set<String> SECRET_WORDS = Set.of("password", "secret", "token", "key");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ObjectNode tree;

    private ConfigLoader(ObjectNode tree) {
        this.tree = tree;
    }

    public static AimonitorConfig load(String[] args, Map<String, String> env, Path workingDir) {
        return from(args, env, workingDir).bind();
    }

    static ConfigLoader from(String[] args, Map<String, String> env, Path workingDir) {
        ObjectNode tree = defaults();
        Map<String, String> leaves = leaves(tree);
        Map<String, String> flags = parseFlags(args);

        Path file = configFile(flags.remove("config"), env.get(CONFIG_FILE_ENV), workingDir);
        if (file != null) {
            overlay(tree, readYaml(file), "", file.toString());
        }
        Map<String, String> envNames = new TreeMap<>();
        leaves.keySet().forEach(key -> envNames.put(envName(key), key));
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX) || e.getKey().equals(CONFIG_FILE_ENV)) {
                continue;
            }
            String key = envNames.get(e.getKey());
            if (key == null) {
                throw new ConfigException(
                        "environment variable "
                                + e.getKey()
                                + " is not a configuration key"
                                + suggestion(e.getKey(), envNames.keySet()));
            }
            set(tree, key, e.getValue());
        }
        for (Map.Entry<String, String> f : flags.entrySet()) {
            if (!leaves.containsKey(f.getKey())) {
                throw new ConfigException(
                        "--"
                                + f.getKey()
                                + " is not a configuration key"
                                + suggestion(f.getKey(), leaves.keySet()));
            }
            set(tree, f.getKey(), f.getValue());
        }
        return new ConfigLoader(tree);
    }

    AimonitorConfig bind() {
        ConfigValues v = new ConfigValues(tree);
        AimonitorConfig.Server server =
                new AimonitorConfig.Server(
                        v.string("server.host"),
                        v.integer("server.port", 0, 65535),
                        v.size("server.max-request-size", 1024, 1L << 31),
                        v.size("server.max-decompressed-size", 1024, 1L << 31),
                        v.oneOf("server.ingest-auth", Set.of("required", "none"))
                                .equals("required"),
                        v.list("server.allowed-origins"),
                        v.bool("server.public-metrics"),
                        v.integer("server.otlp-grpc-port", 0, 65535));
        if (server.maxDecompressedBytes() < server.maxRequestBytes()) {
            throw new ConfigException(
                    "server.max-decompressed-size: must not be smaller than server.max-request-size");
        }
        AimonitorConfig.Kafka kafka =
                new AimonitorConfig.Kafka(
                        v.string("kafka.bootstrap-servers"),
                        v.string("kafka.embedded.host"),
                        v.integer("kafka.embedded.port", 0, 65535),
                        topic(v, "kafka.topics.metrics"),
                        topic(v, "kafka.topics.spans"),
                        topic(v, "kafka.topics.rum"),
                        topic(v, "kafka.topics.rules"),
                        topic(v, "kafka.topics.alerts"),
                        topic(v, "kafka.topics.alert-bands"),
                        v.integer("kafka.topics.partitions", 1, 1024),
                        v.duration("kafka.ingest-timeout", Duration.ofMillis(500)),
                        v.size("kafka.max-record-size", 64 << 10, 64L << 20));
        AimonitorConfig.ClickHouse clickhouse =
                new AimonitorConfig.ClickHouse(
                        v.oneOf("clickhouse.engine", Set.of("chdb", "clickhouse")),
                        v.string("clickhouse.url"),
                        v.string("clickhouse.user"),
                        v.string("clickhouse.password"),
                        identifier(v, "clickhouse.database"),
                        v.string("clickhouse.embedded.library"),
                        v.integer("clickhouse.embedded.connections", 1, 64),
                        v.size("clickhouse.embedded.max-memory", 256L << 20, 1L << 40),
                        new Retention(
                                v.integer("clickhouse.retention.samples-days", 1, 36500),
                                v.integer("clickhouse.retention.rollup-1m-days", 1, 36500),
                                v.integer("clickhouse.retention.rollup-1h-days", 1, 36500)));
        AimonitorConfig.Flink flink =
                new AimonitorConfig.Flink(
                        v.integer("flink.parallelism", 1, 256),
                        v.duration("flink.checkpoint-interval", Duration.ofMillis(100)),
                        v.oneOf("flink.state-backend", Set.of("hashmap", "rocksdb")),
                        v.integer("flink.rest-port", 0, 65535));
        AimonitorConfig.Query query =
                new AimonitorConfig.Query(
                        v.integer("query.max-points", 10, 1_000_000),
                        v.duration("query.cache-ttl", Duration.ZERO));
        return new AimonitorConfig(
                server,
                Path.of(v.string("data-dir")),
                ConfigSections.database(v),
                ConfigSections.redis(v),
                ConfigSections.jwt(v),
                ConfigSections.auth(v),
                kafka,
                clickhouse,
                flink,
                query,
                ConfigSections.apm(v),
                ConfigSections.ai(v),
                ConfigSections.email(v),
                ConfigSections.notifications(v),
                ConfigSections.logging(v));
    }

    /** Every effective key and value, secrets masked: safe to log. */
    public static String describe(String[] args, Map<String, String> env, Path workingDir) {
        StringBuilder sb = new StringBuilder();
        leaves(from(args, env, workingDir).tree)
                .forEach(
                        (k, value) -> {
                            boolean secret =
                                    SECRET_WORDS.stream()
                                            .anyMatch(w -> k.toLowerCase(Locale.ROOT).contains(w));
                            sb.append(k)
                                    .append('=')
                                    .append(secret && !value.isEmpty() ? "******" : value)
                                    .append('\n');
                        });
        return sb.toString();
    }

    private static String topic(ConfigValues v, String path) {
        String topic = v.string(path);
        if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new ConfigException(
                    path
                            + ": must be a Kafka topic name ([A-Za-z0-9._-], at most 249), got '"
                            + topic
                            + "'");
        }
        return topic;
    }

    private static String identifier(ConfigValues v, String path) {
        try {
            return Sql.checkIdentifier(v.string(path));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path + ": " + e.getMessage());
        }
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static ObjectNode defaults() {
        try (InputStream in =
                ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path configFile(String flag, String env, Path workingDir) {
        String chosen = flag != null ? flag : env;
        if (chosen != null && !chosen.isBlank()) {
            Path file = workingDir.resolve(chosen);
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("configuration file " + file + " does not exist");
            }
            return file;
        }
        Path local = workingDir.resolve("aimonitor.yaml");
        return Files.isRegularFile(local) ? local : null;
    }

    private static JsonNode readYaml(Path file) {
        try {
            JsonNode node = YAML.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(file + ": must be a YAML mapping of sections");
            }
            return node;
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage().split("\n")[0]);
        }
    }

    private static void overlay(ObjectNode target, JsonNode source, String prefix, String origin) {
        for (Map.Entry<String, JsonNode> f : source.properties()) {
            String key = prefix + f.getKey();
            JsonNode existing = target.get(f.getKey());
            if (existing == null) {
                throw new ConfigException(
                        origin
                                + ": unknown key '"
                                + key
                                + "'"
                                + suggestion(key, leaves(defaults()).keySet()));
            }
            if (existing.isObject()) {
                if (!f.getValue().isObject()) {
                    throw new ConfigException(origin + ": '" + key + "' must be a section");
                }
                overlay((ObjectNode) existing, f.getValue(), key + ".", origin);
            } else {
                if (f.getValue().isContainerNode()) {
                    throw new ConfigException(origin + ": '" + key + "' must be a single value");
                }
                target.put(f.getKey(), f.getValue().isNull() ? "" : f.getValue().asText());
            }
        }
    }

    private static void set(ObjectNode tree, String key, String value) {
        String[] parts = key.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (ObjectNode) node.get(parts[i]);
        }
        node.put(parts[parts.length - 1], value);
    }

    private static Map<String, String> leaves(JsonNode tree) {
        Map<String, String> out = new LinkedHashMap<>();
        collect(tree, "", out);
        return out;
    }

    private static void collect(JsonNode node, String prefix, Map<String, String> out) {
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (f.getValue().isObject()) {
                collect(f.getValue(), prefix + f.getKey() + ".", out);
            } else {
                out.put(prefix + f.getKey(), f.getValue().isNull() ? "" : f.getValue().asText());
            }
        }
    }

    private static Map<String, String> parseFlags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException(
                        "unexpected argument '" + arg + "' (flags look like --server.port=9090)");
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            if (eq >= 0) {
                flags.put(body.substring(0, eq), body.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                flags.put(body, args[++i]);
            } else {
                throw new ConfigException("--" + body + " needs a value");
            }
        }
        return flags;
    }

    private static String suggestion(String wrong, Iterable<String> valid) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : valid) {
            int d = distance(wrong.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= 3 ? " (did you mean " + best + "?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static List<String> keys() {
        return new ArrayList<>(leaves(defaults()).keySet());
    }
}
