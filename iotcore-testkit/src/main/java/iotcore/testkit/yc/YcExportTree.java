package iotcore.testkit.yc;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds, in code, the directory the Yandex migration guide makes with {@code yc ... --format json}
 * (see {@code spec/yandex-export.md}):
 *
 * <pre>
 * registries.json                      brokers.json
 * devices-&lt;registry&gt;.json            registry-certs-&lt;registry&gt;.json
 * aliases-&lt;registry&gt;.json            device-certs-&lt;registry&gt;/&lt;device&gt;.json
 * </pre>
 *
 * Every file is a JSON array with snake_case field names ({@code --format json}), or camelCase
 * ({@code --format json-rest}) for the whole tree or per file. Empty fields are omitted as {@code yc}
 * does. Certificates are generated (in parallel) when the tree is written; their private keys stay in
 * {@link YcCertificate#material()} so tests can connect with them.
 *
 * <pre>
 * YcExportTree tree = new YcExportTree();
 * YcRegistry plant = tree.registry("plant-a").label("env", "prod").withCertificate();
 * plant.device("meter-001").alias("meter1/", "$devices/{id}/").withCertificate();
 * tree.writeTo(dir);
 * </pre>
 */
public final class YcExportTree {

    /** Field name style of a file: {@code --format json} or {@code --format json-rest}. */
    public enum Style { SNAKE_CASE, CAMEL_CASE }

    private static final Pattern SNAKE = Pattern.compile("_([a-z])");
    private static final ObjectWriter WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter(
                    Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private final String exportFolderId = YcIds.folderId();
    private final List<YcRegistry> registries = new ArrayList<>();
    private final List<YcBroker> brokers = new ArrayList<>();
    private final Map<String, Style> fileStyles = new HashMap<>();
    private Style style = Style.SNAKE_CASE;

    /** Adds a registry with a random ID. */
    public YcRegistry registry(String name) {
        YcRegistry registry = new YcRegistry(exportFolderId, name);
        registries.add(registry);
        return registry;
    }

    public YcBroker broker(String name) {
        YcBroker broker = new YcBroker(name);
        brokers.add(broker);
        return broker;
    }

    /** The style of every file without a style of its own (default snake_case). */
    public YcExportTree style(Style value) {
        this.style = value;
        return this;
    }

    /** The style of one file, named relative to the tree, e.g. {@code devicesFile(registry)}. */
    public YcExportTree style(String file, Style value) {
        fileStyles.put(file, value);
        return this;
    }

    public List<YcRegistry> registries() {
        return List.copyOf(registries);
    }

    public List<YcBroker> brokers() {
        return List.copyOf(brokers);
    }

    public List<YcDevice> devices() {
        return registries.stream().flatMap(r -> r.devices().stream()).toList();
    }

    public List<YcCertificate> registryCertificates() {
        return registries.stream().flatMap(r -> r.certificates().stream()).toList();
    }

    public List<YcCertificate> deviceCertificates() {
        return devices().stream().flatMap(d -> d.certificates().stream()).toList();
    }

    public List<YcCertificate> certificates() {
        List<YcCertificate> all = new ArrayList<>(registryCertificates());
        all.addAll(deviceCertificates());
        return all;
    }

    public int aliasCount() {
        return devices().stream().mapToInt(d -> d.topicAliases().size()).sum();
    }

    public static String registriesFile() {
        return "registries.json";
    }

    public static String brokersFile() {
        return "brokers.json";
    }

    public static String devicesFile(YcRegistry registry) {
        return "devices-" + registry.id() + ".json";
    }

    public static String registryCertsFile(YcRegistry registry) {
        return "registry-certs-" + registry.id() + ".json";
    }

    public static String aliasesFile(YcRegistry registry) {
        return "aliases-" + registry.id() + ".json";
    }

    /** {@code device-certs-<registry>/<device>.json} (always with {@code /}). */
    public static String deviceCertsFile(YcDevice device) {
        return "device-certs-" + device.registry().id() + "/" + device.id() + ".json";
    }

    /** Generates every certificate not generated yet, in parallel. */
    public YcExportTree generateCertificates() {
        certificates().parallelStream().forEach(YcCertificate::material);
        return this;
    }

    /** Writes the tree into {@code dir} (created if needed) and returns {@code dir}. */
    public Path writeTo(Path dir) {
        generateCertificates();
        try {
            Files.createDirectories(dir);
            write(dir, registriesFile(), registries.stream().map(this::registry).toList());
            write(dir, brokersFile(), brokers.stream().map(this::broker).toList());
            for (YcRegistry registry : registries) {
                write(dir, devicesFile(registry), registry.devices().stream().map(this::device).toList());
                write(dir, registryCertsFile(registry), registry.certificates().stream()
                        .map(c -> certificate(registryCertsFile(registry), "registry_id", c)).toList());
                write(dir, aliasesFile(registry), aliases(registry));
                Files.createDirectories(dir.resolve("device-certs-" + registry.id()));
                for (YcDevice device : registry.devices()) {
                    String file = deviceCertsFile(device);
                    write(dir, file, device.certificates().stream()
                            .map(c -> certificate(file, "device_id", c)).toList());
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write export tree to " + dir, e);
        }
    }

    private void write(Path dir, String file, List<Map<String, Object>> elements) throws IOException {
        String text = elements.isEmpty() ? "[]" : WRITER.writeValueAsString(elements);
        Files.writeString(dir.resolve(file), text + "\n", StandardCharsets.UTF_8);
    }

    private Map<String, Object> registry(YcRegistry r) {
        Fields f = new Fields(registriesFile());
        f.put("id", r.id());
        f.put("folder_id", r.folderId());
        f.put("created_at", YcIds.timestamp(r.createdAt()));
        f.put("name", r.name());
        f.put("description", r.description());
        f.put("labels", r.labels());
        f.put("status", r.status());
        f.put("log_group_id", r.legacyLogGroupId());
        if (r.logOptions() != null) {
            Fields options = new Fields(registriesFile());
            r.logOptions().forEach(options::put);
            f.put("log_options", options.map);
        }
        return f.map;
    }

    private Map<String, Object> broker(YcBroker b) {
        Fields f = new Fields(brokersFile());
        f.put("id", b.id());
        f.put("folder_id", exportFolderId);
        f.put("created_at", YcIds.timestamp(b.createdAt()));
        f.put("name", b.name());
        f.put("status", "ACTIVE");
        return f.map;
    }

    private Map<String, Object> device(YcDevice d) {
        Fields f = new Fields(devicesFile(d.registry()));
        f.put("id", d.id());
        f.put("registry_id", d.registry().id());
        f.put("created_at", YcIds.timestamp(d.createdAt()));
        f.put("name", d.name());
        f.put("description", d.description());
        f.put("topic_aliases", d.topicAliases());
        f.put("status", d.status());
        f.put("labels", d.labels());
        if (d.hasMonitoringData()) {
            Fields monitoring = new Fields(devicesFile(d.registry()));
            monitoring.put("last_auth_ip", "203.0.113.7");
            monitoring.put("last_auth_time", YcIds.timestamp(d.createdAt().plusSeconds(60)));
            monitoring.put("last_pub_activity_time", YcIds.timestamp(d.createdAt().plusSeconds(61)));
            f.put("monitoring_data", monitoring.map);
        }
        return f.map;
    }

    private Map<String, Object> certificate(String file, String ownerField, YcCertificate c) {
        Fields f = new Fields(file);
        f.put(ownerField, c.ownerId());
        f.put("fingerprint", c.fingerprint());
        f.put("certificate_data", c.certificateData());
        f.put("created_at", YcIds.timestamp(c.createdAt()));
        return f.map;
    }

    /** {@code aliases-<r>.json}: what {@code list-device-topic-aliases} shows, prefixes with the ID filled in. */
    private List<Map<String, Object>> aliases(YcRegistry registry) {
        List<Map<String, Object>> aliases = new ArrayList<>();
        for (YcDevice device : registry.devices()) {
            device.resolvedAliases().forEach((alias, prefix) -> {
                Fields f = new Fields(aliasesFile(registry));
                f.put("device_id", device.id());
                f.put("topic_prefix", prefix);
                f.put("alias", alias);
                aliases.add(f.map);
            });
        }
        return aliases;
    }

    /** The fields of one JSON object in one file's style; null and empty values are left out. */
    private final class Fields {
        final Map<String, Object> map = new LinkedHashMap<>();
        private final Style fileStyle;

        Fields(String file) {
            this.fileStyle = fileStyles.getOrDefault(file, style);
        }

        void put(String snakeName, Object value) {
            if (value == null || value instanceof Map<?, ?> m && m.isEmpty()) {
                return;
            }
            map.put(fileStyle == Style.CAMEL_CASE ? camel(snakeName) : snakeName, value);
        }
    }

    static String camel(String snakeName) {
        Matcher m = SNAKE.matcher(snakeName);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group(1).toUpperCase());
        }
        m.appendTail(out);
        return out.toString();
    }
}
