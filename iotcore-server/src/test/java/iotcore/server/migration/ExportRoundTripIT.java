package iotcore.server.migration;

import static iotcore.server.migration.Summary.assertCounts;
import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.server.mqtt.FailureLog;
import iotcore.testkit.ApiClient;
import iotcore.testkit.ServerProcess;
import iotcore.testkit.TestPostgres;
import iotcore.testkit.yc.YcCertificate;
import iotcore.testkit.yc.YcDevice;
import iotcore.testkit.yc.YcExportTree;
import iotcore.testkit.yc.YcRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./iotcore export DIR} writes the tree {@code import yc-export} reads, snake_case like
 * {@code yc --format json}, and importing it into a second, empty server reproduces every registry,
 * device, certificate and alias: the REST API views of both servers are equal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ExportRoundTripIT {

    private ServerProcess source;
    private ServerProcess target;

    @TempDir
    Path work;

    @RegisterExtension
    final FailureLog.OnFailure sourceLogOnFailure = new FailureLog.OnFailure(() -> source);

    @RegisterExtension
    final FailureLog.OnFailure targetLogOnFailure = new FailureLog.OnFailure(() -> target);

    @BeforeAll
    void startServer() {
        source = ServerProcess.startH2();
    }

    @AfterAll
    void stopServers() {
        if (source != null) {
            source.stop();
        }
        if (target != null) {
            target.stop();
        }
    }

    @Test
    void exportWritesTheYcTreeAndImportingItIntoAnEmptyServerReproducesEverything() {
        YcExportTree tree = Trees.realistic(60, 40);
        String folder = unique("round");
        CliRunner.Run imported = new CliRunner(source, work.resolve("cli-source"))
                .importJson(tree.writeTo(work.resolve("iot-export")), "--folder", folder);
        assertThat(imported.exit()).as("%s", imported).isZero();
        Path exported = work.resolve("exported");

        CliRunner.Run export = new CliRunner(source, work.resolve("cli-source")).export(exported, "--folder", folder);

        assertThat(export.exit()).as("%s", export).isZero();
        assertExportedFilesHold(exported, tree);

        // The second server runs on PostgreSQL, so import and export are proven on both engines.
        target = ServerProcess.builder().database(TestPostgres.newDatabase()).start();
        CliRunner.Run reimported = new CliRunner(target, work.resolve("cli-target")).importJson(exported, "--folder", folder);
        assertThat(reimported.exit()).as("%s", reimported).isZero();
        assertCounts(reimported.json(), "registries", 3, 0);
        assertCounts(reimported.json(), "devices", tree.devices().size(), 0);
        assertCounts(reimported.json(), "certificates", tree.certificates().size(), 0);
        assertCounts(reimported.json(), "aliases", tree.aliasCount(), 0);

        JsonNode before = new ServerView(source.adminClient()).folderSnapshot(folder);
        JsonNode after = new ServerView(target.adminClient()).folderSnapshot(folder);
        assertThat(after.size()).isEqualTo(3);
        assertThat(after).as("the second server's view of folder %s", folder).isEqualTo(before);
        TreeAssertions.assertServerHolds(new ServerView(target.adminClient()), tree, folder);

        Path again = work.resolve("exported-again");
        CliRunner.Run second = new CliRunner(target, work.resolve("cli-target")).export(again, "--folder", folder);
        assertThat(second.exit()).as("%s", second).isZero();
        assertExportedFilesHold(again, tree);
    }

    @Test
    void exportRefusesADirectoryThatIsNotEmpty() throws IOException {
        CliRunner cli = new CliRunner(source, work.resolve("cli-source"));
        Path empty = Files.createDirectories(work.resolve("empty"));
        CliRunner.Run control = cli.export(empty);
        assertThat(control.exit()).as("an empty directory is fine: %s", control).isZero();
        assertThat(empty.resolve("registries.json")).isRegularFile();
        assertThat(empty.resolve("brokers.json")).isRegularFile();
        Path dir = Files.createDirectories(work.resolve("not-empty"));
        Files.writeString(dir.resolve("notes.txt"), "mine");

        CliRunner.Run run = cli.export(dir);

        assertThat(run.exit()).as("%s", run).isEqualTo(1);
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
        }
    }

    // --- the exported files --------------------------------------------------------------------------

    private static void assertExportedFilesHold(Path dir, YcExportTree tree) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(read(dir, "brokers.json")).as("brokers.json").isEmpty();
        List<JsonNode> registries = read(dir, "registries.json");
        assertSnakeCase(soft, "registries.json", registries);
        Map<String, JsonNode> byId = TreeAssertions.index(registries);
        soft.assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(tree.registries().stream().map(YcRegistry::id).toList());
        for (YcRegistry registry : tree.registries()) {
            JsonNode r = byId.get(registry.id());
            if (r == null) {
                continue;
            }
            soft.assertThat(r.path("name").asText()).as("%s name", registry).isEqualTo(registry.name());
            soft.assertThat(r.path("description").asText("")).as("%s description", registry)
                    .isEqualTo(registry.description() == null ? "" : registry.description());
            soft.assertThat(TreeAssertions.labels(r)).as("%s labels", registry).isEqualTo(registry.labels());
            soft.assertThat(r.path("status").asText()).as("%s status", registry).isEqualTo(registry.status());
            soft.assertThat(TreeAssertions.instant(r.path("created_at"))).as("%s created_at", registry)
                    .isEqualTo(registry.createdAt());
            soft.assertThat(TreeAssertions.map(r.path("log_options"))).as("%s log_options", registry)
                    .isEqualTo(snakeLogOptions(registry.logOptions()));

            String certsFile = YcExportTree.registryCertsFile(registry);
            List<JsonNode> certificates = read(dir, certsFile);
            assertSnakeCase(soft, certsFile, certificates);
            assertCertificates(soft, certsFile, certificates, "registry_id", registry.id(), registry.certificates());

            String devicesFile = YcExportTree.devicesFile(registry);
            List<JsonNode> devices = read(dir, devicesFile);
            assertSnakeCase(soft, devicesFile, devices);
            Map<String, JsonNode> devicesById = TreeAssertions.index(devices);
            soft.assertThat(devicesById.keySet()).as(devicesFile)
                    .containsExactlyInAnyOrderElementsOf(registry.devices().stream().map(YcDevice::id).toList());
            for (YcDevice device : registry.devices()) {
                JsonNode d = devicesById.get(device.id());
                if (d == null) {
                    continue;
                }
                soft.assertThat(d.path("registry_id").asText()).as("%s registry_id", device).isEqualTo(registry.id());
                soft.assertThat(d.path("name").asText()).as("%s name", device)
                        .isEqualTo(device.name() == null ? device.id() : device.name());
                soft.assertThat(d.path("description").asText("")).as("%s description", device)
                        .isEqualTo(device.description() == null ? "" : device.description());
                soft.assertThat(TreeAssertions.labels(d)).as("%s labels", device).isEqualTo(device.labels());
                soft.assertThat(TreeAssertions.map(d.path("topic_aliases"))).as("%s topic_aliases", device)
                        .isEqualTo(device.resolvedAliases());
                soft.assertThat(TreeAssertions.instant(d.path("created_at"))).as("%s created_at", device)
                        .isEqualTo(device.createdAt());
                String deviceCertsFile = YcExportTree.deviceCertsFile(device);
                List<JsonNode> deviceCertificates = read(dir, deviceCertsFile);
                assertSnakeCase(soft, deviceCertsFile, deviceCertificates);
                assertCertificates(soft, deviceCertsFile, deviceCertificates, "device_id", device.id(), device.certificates());
            }

            String aliasesFile = YcExportTree.aliasesFile(registry);
            List<JsonNode> aliases = read(dir, aliasesFile);
            assertSnakeCase(soft, aliasesFile, aliases);
            Set<List<String>> triples = new HashSet<>();
            aliases.forEach(a -> triples.add(List.of(a.path("device_id").asText(), a.path("alias").asText(),
                    a.path("topic_prefix").asText())));
            soft.assertThat(triples).as(aliasesFile).isEqualTo(TreeAssertions.expectedAliasTriples(registry));
        }
        soft.assertAll();
    }

    private static void assertCertificates(SoftAssertions soft, String file, List<JsonNode> actual, String ownerField,
            String ownerId, List<YcCertificate> expected) {
        soft.assertThat(actual).extracting(c -> c.path("fingerprint").asText()).as("fingerprints in %s", file)
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(YcCertificate::realFingerprint).toList());
        for (JsonNode c : actual) {
            soft.assertThat(c.path(ownerField).asText()).as("%s in %s", ownerField, file).isEqualTo(ownerId);
            expected.stream().filter(e -> e.realFingerprint().equals(c.path("fingerprint").asText())).findFirst()
                    .ifPresent(e -> {
                        soft.assertThat(TreeAssertions.der(c.path("certificate_data").asText()))
                                .as("certificate_data in %s", file).isEqualTo(e.material().der());
                        soft.assertThat(TreeAssertions.instant(c.path("created_at"))).as("created_at in %s", file)
                                .isEqualTo(e.createdAt());
                    });
        }
    }

    /** Field names of resources (not of the {@code labels} and {@code topic_aliases} maps) are snake_case. */
    private static void assertSnakeCase(SoftAssertions soft, String file, List<JsonNode> elements) {
        List<String> names = new ArrayList<>();
        elements.forEach(e -> collectFieldNames(e, names));
        soft.assertThat(names).as("field names in %s", file).allMatch(n -> n.matches("[a-z][a-z0-9_]*"));
    }

    private static void collectFieldNames(JsonNode node, List<String> names) {
        if (!node.isObject()) {
            return;
        }
        node.properties().forEach(e -> {
            names.add(e.getKey());
            if (!e.getKey().equals("labels") && !e.getKey().equals("topic_aliases")) {
                collectFieldNames(e.getValue(), names);
            }
        });
    }

    private static Map<String, String> snakeLogOptions(Map<String, Object> exported) {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        if (exported != null) {
            exported.forEach((k, v) -> {
                if (!(v instanceof Boolean b && !b)) {
                    expected.put(k, String.valueOf(v));
                }
            });
        }
        return expected;
    }

    private static List<JsonNode> read(Path dir, String file) {
        Path path = dir.resolve(file);
        assertThat(path).as("exported file").isRegularFile();
        try {
            JsonNode array = ApiClient.JSON.readTree(path.toFile());
            assertThat(array.isArray()).as("%s is a JSON array", file).isTrue();
            List<JsonNode> list = new ArrayList<>();
            array.forEach(list::add);
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
