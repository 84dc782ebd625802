package iotcore.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.yc.YcCertificate;
import iotcore.testkit.yc.YcDevice;
import iotcore.testkit.yc.YcExportTree;
import iotcore.testkit.yc.YcRegistry;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/**
 * Compares what a server holds (read by {@link ServerView}) with the tree a test built: every
 * registry, device, certificate and alias with the exact values of the export.
 */
final class TreeAssertions {

    private TreeAssertions() {}

    /** The folder holds exactly the tree's registries, each exactly as exported (see class comment). */
    static void assertServerHolds(ServerView view, YcExportTree tree, String folderId) {
        List<JsonNode> registries = view.registries(folderId);
        assertThat(registries).extracting(r -> r.path("id").asText())
                .as("registries in folder %s", folderId)
                .containsExactlyInAnyOrderElementsOf(tree.registries().stream().map(YcRegistry::id).toList());
        Map<String, JsonNode> byId = index(registries);
        SoftAssertions soft = new SoftAssertions();
        for (YcRegistry registry : tree.registries()) {
            JsonNode actual = byId.get(registry.id());
            String what = registry.toString();
            soft.assertThat(actual.path("folderId").asText()).as("%s folderId", what).isEqualTo(folderId);
            soft.assertThat(actual.path("name").asText()).as("%s name", what).isEqualTo(registry.name());
            soft.assertThat(actual.path("description").asText("")).as("%s description", what)
                    .isEqualTo(nullToEmpty(registry.description()));
            soft.assertThat(labels(actual)).as("%s labels", what).isEqualTo(registry.labels());
            soft.assertThat(actual.path("status").asText()).as("%s status", what)
                    .isEqualTo(registry.status().equals("DISABLED") ? "DISABLED" : "ACTIVE");
            soft.assertThat(instant(actual.path("createdAt"))).as("%s createdAt", what).isEqualTo(registry.createdAt());
            soft.assertThat(logOptions(actual.path("logOptions"))).as("%s logOptions", what)
                    .isEqualTo(expectedLogOptions(registry.logOptions()));
            assertCertificates(soft, what, view.registryCertificates(registry.id()), registry.certificates());
            assertDevices(soft, view, registry);
            soft.assertThat(aliasTriples(view.aliases(registry.id()))).as("%s aliases", what)
                    .isEqualTo(expectedAliasTriples(registry));
        }
        soft.assertAll();
    }

    private static void assertDevices(SoftAssertions soft, ServerView view, YcRegistry registry) {
        List<JsonNode> devices = view.devices(registry.id());
        soft.assertThat(devices).extracting(d -> d.path("id").asText()).as("devices of %s", registry)
                .containsExactlyInAnyOrderElementsOf(registry.devices().stream().map(YcDevice::id).toList());
        Map<String, JsonNode> byId = index(devices);
        Map<String, List<JsonNode>> certificates =
                view.deviceCertificates(registry.devices().stream().map(YcDevice::id).toList());
        for (YcDevice device : registry.devices()) {
            JsonNode actual = byId.get(device.id());
            if (actual == null) {
                continue; // reported above
            }
            String what = device.toString();
            soft.assertThat(actual.path("registryId").asText()).as("%s registryId", what).isEqualTo(registry.id());
            soft.assertThat(actual.path("name").asText()).as("%s name (the ID when the export has none)", what)
                    .isEqualTo(device.name() == null ? device.id() : device.name());
            soft.assertThat(actual.path("description").asText("")).as("%s description", what)
                    .isEqualTo(nullToEmpty(device.description()));
            soft.assertThat(labels(actual)).as("%s labels", what).isEqualTo(device.labels());
            soft.assertThat(map(actual.path("topicAliases"))).as("%s topicAliases", what)
                    .isEqualTo(device.resolvedAliases());
            soft.assertThat(instant(actual.path("createdAt"))).as("%s createdAt", what).isEqualTo(device.createdAt());
            soft.assertThat(actual.path("status").asText()).as("%s status", what).isEqualTo("ACTIVE");
            assertCertificates(soft, what, certificates.get(device.id()), device.certificates());
        }
    }

    /** Same certificates (SHA-1 fingerprint recomputed, DER of the PEM, createdAt), nothing more. */
    static void assertCertificates(SoftAssertions soft, String owner, List<JsonNode> actual, List<YcCertificate> expected) {
        soft.assertThat(actual).extracting(c -> c.path("fingerprint").asText()).as("certificate fingerprints of %s", owner)
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(YcCertificate::realFingerprint).toList());
        Map<String, JsonNode> byFingerprint = actual.stream()
                .collect(Collectors.toMap(c -> c.path("fingerprint").asText(), Function.identity(), (a, b) -> a));
        for (YcCertificate certificate : expected) {
            JsonNode stored = byFingerprint.get(certificate.realFingerprint());
            if (stored == null) {
                continue;
            }
            soft.assertThat(der(stored.path("certificateData").asText())).as("certificate data of %s", certificate)
                    .isEqualTo(certificate.material().der());
            soft.assertThat(instant(stored.path("createdAt"))).as("createdAt of %s", certificate)
                    .isEqualTo(certificate.createdAt());
        }
    }

    static Set<List<String>> aliasTriples(List<JsonNode> aliases) {
        Set<List<String>> triples = new HashSet<>();
        aliases.forEach(a -> triples.add(List.of(a.path("deviceId").asText(), a.path("alias").asText(),
                a.path("topicPrefix").asText())));
        return triples;
    }

    static Set<List<String>> expectedAliasTriples(YcRegistry registry) {
        Set<List<String>> triples = new HashSet<>();
        for (YcDevice device : registry.devices()) {
            device.resolvedAliases().forEach((alias, prefix) -> triples.add(List.of(device.id(), alias, prefix)));
        }
        return triples;
    }

    /** The DER bytes of a PEM certificate (the body between the armour lines, base64). */
    static byte[] der(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    static Instant instant(JsonNode timestamp) {
        assertThat(timestamp.isTextual()).as("timestamp %s", timestamp).isTrue();
        return Instant.parse(timestamp.asText());
    }

    static Map<String, String> labels(JsonNode resource) {
        return map(resource.path("labels"));
    }

    static Map<String, String> map(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** logOptions as the REST API shows them (camelCase, {@code disabled} only when true). */
    static Map<String, String> logOptions(JsonNode options) {
        return map(options);
    }

    static Map<String, String> expectedLogOptions(Map<String, Object> exported) {
        Map<String, String> expected = new LinkedHashMap<>();
        if (exported == null) {
            return expected;
        }
        exported.forEach((key, value) -> {
            if (!(value instanceof Boolean b && !b)) {
                expected.put(camel(key), String.valueOf(value));
            }
        });
        return expected;
    }

    static Map<String, JsonNode> index(List<JsonNode> resources) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        resources.forEach(r -> byId.put(r.path("id").asText(), r));
        return byId;
    }

    private static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
