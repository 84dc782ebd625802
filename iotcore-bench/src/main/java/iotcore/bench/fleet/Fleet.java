package iotcore.bench.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.bench.load.ClientKey;
import iotcore.cli.client.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry and its devices with their certificates, as {@code --provision} created them in iotcore, saved in a
 * directory so that later runs (and other brokers) reuse them:
 *
 * <pre>
 *   fleet.json      ids, names, certificates and keys (PEM) of the registry and every device
 *   ca.crt          the CA that issued every certificate below (for brokers that check client certificates)
 *   broker.crt/key  a server certificate for localhost and 127.0.0.1, for a broker under comparison
 *   registry.crt/key, device-0.crt/key   the registry's and the first device's, for manual tests
 *   mosquitto.acl   IoT Core's permission matrix (spec §3.2) per certificate common name, for Mosquitto with
 *                   use_identity_as_username
 * </pre>
 */
public record Fleet(Path dir, String folderId, Member registry, List<Member> devices) {

    public static final String FILE = "fleet.json";

    /** The registry or a device: its iotcore id, name (= certificate CN), certificate and key, optional password. */
    public record Member(String id, String name, String certificatePem, String keyPem, String password) {
    }

    private static final Map<String, ClientKey> KEYS = new ConcurrentHashMap<>();

    /** The member's certificate as presented in TLS (parsed once). */
    public static ClientKey key(Member member) {
        return KEYS.computeIfAbsent(member.id() + "/" + member.name(), alias ->
                new ClientKey(alias, FleetPki.pkcs8Key(member.keyPem()), FleetPki.certificates(member.certificatePem())));
    }

    public static Fleet load(Path dir) {
        Path file = dir.resolve(FILE);
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no fleet in " + dir + " (no " + FILE + "); create one with --provision");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Member> devices = new ArrayList<>();
        json.path("devices").forEach(d -> devices.add(member(d)));
        return new Fleet(dir, json.path("folderId").asText(), member(json.path("registry")), List.copyOf(devices));
    }

    private static Member member(JsonNode m) {
        return new Member(m.path("id").asText(), m.path("name").asText(), m.path("certificate").asText(), m.path("key").asText(),
                m.hasNonNull("password") ? m.get("password").asText() : null);
    }

    private static ObjectNode json(Member m) {
        ObjectNode o = Json.object().put("id", m.id()).put("name", m.name()).put("certificate", m.certificatePem()).put("key", m.keyPem());
        if (m.password() != null) {
            o.put("password", m.password());
        }
        return o;
    }

    /** Writes every file of the fleet directory (keys 0600). */
    void save(FleetPki.Issued ca, FleetPki.Issued broker) {
        ObjectNode root = Json.object().put("folderId", folderId);
        root.set("registry", json(registry));
        ArrayNode list = root.putArray("devices");
        devices.forEach(d -> list.add(json(d)));
        try {
            Files.createDirectories(dir);
            writePrivate(dir.resolve(FILE), root.toPrettyString());
            Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
            Files.writeString(dir.resolve("broker.crt"), broker.certificatePem() + ca.certificatePem());
            writePrivate(dir.resolve("broker.key"), broker.keyPem());
            Files.writeString(dir.resolve("registry.crt"), registry.certificatePem());
            writePrivate(dir.resolve("registry.key"), registry.keyPem());
            if (!devices.isEmpty()) {
                Files.writeString(dir.resolve("device-0.crt"), devices.get(0).certificatePem());
                writePrivate(dir.resolve("device-0.key"), devices.get(0).keyPem());
            }
            Files.writeString(dir.resolve("mosquitto.acl"), mosquittoAcl());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fleet to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }

    /**
     * Mosquitto's ACL for this fleet equal to IoT Core's matrix (spec §3.2) when the registry is the only one: the user
     * name is the certificate's CN ({@code use_identity_as_username true}). A registry reads its devices' events and
     * state through {@code $devices/+/...}, since Mosquitto checks a wildcard subscription against the ACL pattern and
     * would refuse it against a list of single devices.
     */
    public String mosquittoAcl() {
        String r = registry.id();
        StringBuilder acl = new StringBuilder("# IoT Core permission matrix (spec 3.2) for registry ").append(r)
                .append(", user = certificate CN\n\n");
        acl.append("user ").append(registry.name()).append('\n');
        for (String line : List.of("read $devices/+/events/#", "read $devices/+/state/#", "write $devices/+/commands/#",
                "write $devices/+/config/#", "read $registries/" + r + "/events/#", "read $registries/" + r + "/state/#",
                "write $registries/" + r + "/commands/#", "write $registries/" + r + "/config/#", "read $monitoring/+/json")) {
            acl.append("topic ").append(line).append('\n');
        }
        for (Member d : devices) {
            String id = d.id();
            acl.append("\nuser ").append(d.name()).append('\n');
            for (String line : List.of("write $devices/" + id + "/events/#", "write $devices/" + id + "/state/#",
                    "read $devices/" + id + "/commands/#", "read $devices/" + id + "/config/#",
                    "write $registries/" + r + "/events/#", "write $registries/" + r + "/state/#",
                    "read $registries/" + r + "/commands/#", "read $registries/" + r + "/config/#", "read $monitoring/+/json")) {
                acl.append("topic ").append(line).append('\n');
            }
        }
        return acl.toString();
    }
}
