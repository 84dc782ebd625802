package iotcore.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link ServerConfig} from, in rising precedence, a YAML config file, {@code IOTCORE_*}
 * environment variables and command-line flags. Keys are the flag names without dashes
 * ({@code http-port}); the variable for {@code http-port} is {@code IOTCORE_HTTP_PORT}. Every problem
 * is collected and reported together before anything starts.
 */
public final class ConfigLoader {
    static final Set<String> KEYS = Set.of("data-dir", "http-host", "http-port", "database-url",
            "database-user", "database-password", "max-registries", "max-devices",
            "mqtt-host", "mqtts-port", "wss-port", "mqtt-port", "tls-cert", "tls-key",
            "max-message-bytes", "max-topic-length", "inbound-rate",
            "session-queue-messages", "session-queue-bytes", "session-expiry");

    private record Value(String text, String source) {
    }

    private ConfigLoader() {
    }

    /**
     * @param configFile the {@code --config} file, or null
     * @param env        the process environment (only {@code IOTCORE_*} keys are read)
     * @param flags      flags given on the command line, by key
     */
    public static ServerConfig load(Path configFile, Map<String, String> env, Map<String, String> flags) {
        List<String> problems = new ArrayList<>();
        Map<String, Value> values = new LinkedHashMap<>();
        if (configFile != null) {
            readFile(configFile, values, problems);
        }
        for (String key : KEYS) {
            String var = envName(key);
            if (env.containsKey(var)) {
                values.put(key, new Value(env.get(var), "environment variable " + var));
            }
        }
        flags.forEach((key, value) -> {
            if (!KEYS.contains(key)) {
                problems.add(key + ": unknown option");
            } else {
                values.put(key, new Value(value, "flag --" + key));
            }
        });

        Path dataDir = Path.of(text(values, "data-dir", ServerConfig.DEFAULT_DATA_DIR));
        String host = text(values, "http-host", ServerConfig.DEFAULT_HTTP_HOST);
        if (host.isBlank()) {
            problems.add(describe(values, "http-host") + ": must not be empty");
        }
        int port = integer(values, "http-port", ServerConfig.DEFAULT_HTTP_PORT, 0, 65535, problems);
        String url = text(values, "database-url", "");
        if (url.isEmpty()) {
            url = ServerConfig.embeddedH2Url(dataDir);
        } else if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql://")) {
            problems.add(describe(values, "database-url") + ": must be a jdbc:postgresql://host:port/database URL (or jdbc:h2:...), got \""
                    + url + "\"");
        }
        int maxRegistries = integer(values, "max-registries", 0, 0, Integer.MAX_VALUE, problems);
        int maxDevices = integer(values, "max-devices", 0, 0, Integer.MAX_VALUE, problems);
        MqttConfig mqtt = mqtt(values, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServerConfig(dataDir, host, port, url, nullIfEmpty(text(values, "database-user", "")),
                nullIfEmpty(text(values, "database-password", "")), maxRegistries, maxDevices, mqtt);
    }

    private static MqttConfig mqtt(Map<String, Value> values, List<String> problems) {
        String host = text(values, "mqtt-host", MqttConfig.DEFAULT_HOST);
        if (host.isBlank()) {
            problems.add(describe(values, "mqtt-host") + ": must not be empty");
        }
        int mqtts = integer(values, "mqtts-port", MqttConfig.DEFAULT_MQTTS_PORT, 0, 65535, problems);
        int wss = integer(values, "wss-port", MqttConfig.DEFAULT_WSS_PORT, 0, 65535, problems);
        Integer plain = values.containsKey("mqtt-port") ? integer(values, "mqtt-port", 0, 0, 65535, problems) : null;
        String cert = text(values, "tls-cert", "");
        String key = text(values, "tls-key", "");
        if (cert.isEmpty() != key.isEmpty()) {
            problems.add((cert.isEmpty() ? describe(values, "tls-key") : describe(values, "tls-cert"))
                    + ": give both tls-cert and tls-key, or neither (a local CA is generated)");
        }
        for (String k : List.of("tls-cert", "tls-key")) {
            String file = text(values, k, "");
            if (!file.isEmpty() && !Files.isReadable(Path.of(file))) {
                problems.add(describe(values, k) + ": cannot read " + file);
            }
        }
        int maxMessage = integer(values, "max-message-bytes", MqttConfig.DEFAULT_MAX_MESSAGE_BYTES, 1, 256 * 1024 * 1024, problems);
        int maxTopic = integer(values, "max-topic-length", MqttConfig.DEFAULT_MAX_TOPIC_LENGTH, 16, 65535, problems);
        int rate = integer(values, "inbound-rate", 0, 0, Integer.MAX_VALUE, problems);
        int queueMessages = integer(values, "session-queue-messages", MqttConfig.DEFAULT_SESSION_QUEUE_MESSAGES, 1,
                Integer.MAX_VALUE, problems);
        long queueBytes = integer(values, "session-queue-bytes", (int) MqttConfig.DEFAULT_SESSION_QUEUE_BYTES, 1024,
                Integer.MAX_VALUE, problems);
        Duration expiry = duration(values, "session-expiry", MqttConfig.DEFAULT_SESSION_EXPIRY, problems);
        return new MqttConfig(host, mqtts, wss, plain, cert.isEmpty() ? null : Path.of(cert), key.isEmpty() ? null : Path.of(key),
                maxMessage, maxTopic, rate, queueMessages, queueBytes, expiry);
    }

    /** {@code 30s}, {@code 15m}, {@code 12h}, {@code 7d}: a whole number and a unit. */
    private static Duration duration(Map<String, Value> values, String key, Duration fallback, List<String> problems) {
        Value v = values.get(key);
        if (v == null) {
            return fallback;
        }
        var m = java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(v.text().trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            problems.add(describe(values, key) + ": must be a duration such as 30s, 15m, 12h or 7d, got \"" + v.text() + "\"");
            return fallback;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    static String envName(String key) {
        return "IOTCORE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static void readFile(Path file, Map<String, Value> values, List<String> problems) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            problems.add("config: cannot read " + file + ": " + e.getMessage());
            return;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            problems.add("config: " + file + " must be a mapping of option: value");
            return;
        }
        root.fields().forEachRemaining(e -> {
            if (!KEYS.contains(e.getKey())) {
                problems.add(e.getKey() + ": unknown option in " + file + " (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            } else if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                problems.add(e.getKey() + ": must be a single value in " + file);
            } else {
                values.put(e.getKey(), new Value(e.getValue().asText(), "config file " + file));
            }
        });
    }

    private static String text(Map<String, Value> values, String key, String fallback) {
        Value v = values.get(key);
        return v == null ? fallback : v.text();
    }

    private static String describe(Map<String, Value> values, String key) {
        Value v = values.get(key);
        return v == null ? key : key + " (from " + v.source() + ")";
    }

    private static int integer(Map<String, Value> values, String key, int fallback, int min, int max, List<String> problems) {
        Value v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.text().trim());
            if (n < min || n > max) {
                problems.add(describe(values, key) + ": must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(describe(values, key) + ": must be a whole number, got \"" + v.text() + "\"");
            return fallback;
        }
    }

    private static String nullIfEmpty(String s) {
        return s.isEmpty() ? null : s;
    }
}
