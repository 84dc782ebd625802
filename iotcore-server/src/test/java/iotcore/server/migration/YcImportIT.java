package iotcore.server.migration;

import static iotcore.server.migration.Summary.assertCounts;
import static iotcore.server.migration.Summary.assertHasLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.server.mqtt.FailureLog;
import iotcore.server.mqtt.Mqtt;
import iotcore.server.mqtt.MqttApi;
import iotcore.testkit.ServerProcess;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.yc.YcBroker;
import iotcore.testkit.yc.YcDevice;
import iotcore.testkit.yc.YcExportTree;
import iotcore.testkit.yc.YcRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./iotcore import yc-export DIR} (docs/import-export.md) run as its own JVM against a real
 * server: export trees built in code are imported, then the REST API must show every registry,
 * device, certificate and alias exactly as exported. Each test imports new IDs into its own folder
 * (only the first test uses {@code default}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class YcImportIT {

    private ServerProcess server;
    private ServerView view;
    private Mqtt mqtt;

    @TempDir
    Path work;

    @RegisterExtension
    final FailureLog.OnFailure serverLogOnFailure = new FailureLog.OnFailure(() -> server);

    @BeforeAll
    void startServer() {
        server = ServerProcess.startH2();
        view = new ServerView(server.adminClient());
        mqtt = new Mqtt(server);
    }

    @AfterEach
    void closeClients() {
        mqtt.closeAll();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private CliRunner cli() {
        return new CliRunner(server, work.resolve("cli"));
    }

    @Test
    void realisticExportImportsIntoTheDefaultFolderWithEveryFieldPreserved() {
        YcExportTree tree = Trees.realistic(1000, 999);
        YcRegistry plant = Trees.registry(tree, "plant-a");
        YcRegistry warehouse = Trees.registry(tree, "warehouse");
        YcBroker broker = tree.brokers().get(0);
        Path dir = tree.writeTo(work.resolve("iot-export"));

        CliRunner.Run run = cli().importJson(dir);

        assertThat(run.exit()).as("%s", run).isZero();
        JsonNode summary = run.json();
        assertThat(summary.path("folderId").asText()).as("%s", summary).isEqualTo("default");
        assertThat(summary.path("dryRun").asBoolean(true)).as("%s", summary).isFalse();
        assertThat(summary.path("folderCreated").asBoolean(true)).as("%s", summary).isFalse();
        assertCounts(summary, "registries", 3, 0);
        assertCounts(summary, "devices", 2000, 0);
        assertCounts(summary, "certificates", tree.certificates().size(), 0);
        assertCounts(summary, "aliases", tree.aliasCount(), 0);
        assertThat(summary.path("passwordsGenerated").asInt(-1)).isZero();
        assertThat(summary.path("skipped").isArray() && summary.path("skipped").isEmpty()).as("nothing skipped: %s", summary.path("skipped")).isTrue();

        List<String> warnings = Summary.warnings(summary);
        assertThat(warnings).as("broker reported with its ID")
                .anySatisfy(w -> assertThat(w).startsWith("brokers.json $[0]").contains(broker.id()).contains("not imported"));
        assertThat(warnings).as("devices file of exactly 1000 entries")
                .anySatisfy(w -> assertThat(w).contains(YcExportTree.devicesFile(plant)).contains("1000"));
        assertThat(warnings).as("999 entries is not the yc limit")
                .noneSatisfy(w -> assertThat(w).contains(YcExportTree.devicesFile(warehouse)));
        assertThat(warnings).as("the device without a name is named after its ID, with a warning")
                .anySatisfy(w -> assertThat(w).startsWith(YcExportTree.devicesFile(plant) + " $[1]"));

        assertThat(Summary.withoutCredentials(summary)).as("identities without a certificate")
                .containsExactlyInAnyOrderElementsOf(Trees.withoutCertificate(tree));
        YcDevice uncertified = plant.devices().get(49);
        assertThat(summary.path("withoutCredentials")).anySatisfy(e -> {
            assertThat(e.path("id").asText()).isEqualTo(uncertified.id());
            assertThat(e.path("name").asText()).isEqualTo(uncertified.name());
            assertThat(e.path("registryId").asText()).isEqualTo(plant.id());
        });

        TreeAssertions.assertServerHolds(view, tree, "default");
    }

    @Test
    void camelCaseExportImportsTheSame() {
        YcExportTree tree = Trees.realistic(40, 30).style(YcExportTree.Style.CAMEL_CASE);
        String folder = MqttApi.unique("camel");
        Path dir = tree.writeTo(work.resolve("camel"));
        assertThat(dir.resolve("registries.json")).content().contains("\"createdAt\"").doesNotContain("\"created_at\"");

        CliRunner.Run run = cli().importJson(dir, "--folder", folder);

        assertThat(run.exit()).as("%s", run).isZero();
        assertCounts(run.json(), "devices", 71, 0);
        assertCounts(run.json(), "certificates", tree.certificates().size(), 0);
        assertCounts(run.json(), "aliases", tree.aliasCount(), 0);
        TreeAssertions.assertServerHolds(view, tree, folder);
    }

    @Test
    void filesOfBothStylesMixInOneTree() {
        YcExportTree tree = Trees.realistic(20, 10);
        YcRegistry plant = Trees.registry(tree, "plant-a");
        YcRegistry warehouse = Trees.registry(tree, "warehouse");
        tree.style(YcExportTree.registriesFile(), YcExportTree.Style.CAMEL_CASE)
                .style(YcExportTree.devicesFile(plant), YcExportTree.Style.CAMEL_CASE)
                .style(YcExportTree.registryCertsFile(plant), YcExportTree.Style.CAMEL_CASE)
                .style(YcExportTree.aliasesFile(warehouse), YcExportTree.Style.CAMEL_CASE)
                .style(YcExportTree.deviceCertsFile(warehouse.devices().get(0)), YcExportTree.Style.CAMEL_CASE);
        String folder = MqttApi.unique("mixed");

        CliRunner.Run run = cli().importJson(tree.writeTo(work.resolve("mixed")), "--folder", folder);

        assertThat(run.exit()).as("%s", run).isZero();
        TreeAssertions.assertServerHolds(view, tree, folder);
    }

    @Test
    void textSummaryShowsCountsBrokersAndIdentitiesThatCannotConnect() {
        YcExportTree tree = Trees.small();
        YcBroker first = tree.broker("my-broker");
        YcBroker second = tree.broker("other-broker");
        YcDevice a2 = Trees.device(tree, "a2");
        String folder = MqttApi.unique("text");

        CliRunner.Run run = cli().importTree(tree.writeTo(work.resolve("text").resolve("iot-export")), "--folder", folder);

        assertThat(run.exit()).as("%s", run).isZero();
        String out = run.out();
        assertHasLine(out, "read .*iot-export: 2 registries, 2 brokers, 5 devices, 2 registry certificates,"
                + " 4 device certificates, 2 aliases");
        for (int i = 0; i < 2; i++) {
            YcBroker broker = List.of(first, second).get(i);
            assertHasLine(out, Pattern.quote("warning: brokers.json $[" + i + "]: broker " + broker.id()
                    + " (" + broker.name() + ") not imported") + ".*");
        }
        assertHasLine(out, Pattern.quote("imported into folder " + folder + ":"));
        assertHasLine(out, "\\s+registries\\s+created 2\\s+already present 0\\s*");
        assertHasLine(out, "\\s+devices\\s+created 5\\s+already present 0\\s*");
        assertHasLine(out, "\\s+certificates\\s+created 6\\s+already present 0\\s*");
        assertHasLine(out, "\\s+aliases\\s+created 2\\s+already present 0\\s*");
        assertHasLine(out, "\\s+passwords\\s+generated 0\\s*");
        assertHasLine(out, Pattern.quote("without a certificate or password (cannot connect yet): 1"));
        assertHasLine(out, "\\s+" + Pattern.quote("device " + a2.id() + " (a2) in registry " + a2.registry().id()) + "\\s*");
        assertThat(out).doesNotContain("dry run");
        TreeAssertions.assertServerHolds(view, tree, folder);
    }

    @Test
    void reRunningTheImportFindsEverythingAlreadyPresentAndCreatesNothing() {
        YcExportTree tree = Trees.realistic(30, 20);
        String folder = MqttApi.unique("again");
        Path dir = tree.writeTo(work.resolve("again"));
        int certificates = tree.certificates().size();
        int aliases = tree.aliasCount();

        CliRunner.Run first = cli().importJson(dir, "--folder", folder);
        assertThat(first.exit()).as("%s", first).isZero();
        assertCounts(first.json(), "devices", 51, 0);
        CliRunner.Run second = cli().importJson(dir, "--folder", folder);

        assertThat(second.exit()).as("%s", second).isZero();
        JsonNode summary = second.json();
        assertThat(summary.path("folderCreated").asBoolean(true)).as("%s", summary).isFalse();
        assertCounts(summary, "registries", 0, 3);
        assertCounts(summary, "devices", 0, 51);
        assertCounts(summary, "certificates", 0, certificates);
        assertCounts(summary, "aliases", 0, aliases);
        TreeAssertions.assertServerHolds(view, tree, folder);

        CliRunner.Run snake = cli().importTree(dir, "--folder", folder, "--format", "json");
        assertThat(snake.exit()).as("%s", snake).isZero();
        assertThat(snake.json().path("devices").path("already_present").asInt(-1)).as("yc-style snake_case: %s", snake)
                .isEqualTo(51);
        assertThat(snake.json().path("folder_created").isBoolean()).as("%s", snake).isTrue();

        CliRunner.Run third = cli().importTree(dir, "--folder", folder);
        assertThat(third.exit()).as("%s", third).isZero();
        assertHasLine(third.out(), "\\s+registries\\s+created 0\\s+already present 3\\s*");
        assertHasLine(third.out(), "\\s+devices\\s+created 0\\s+already present 51\\s*");
        assertHasLine(third.out(), "\\s+certificates\\s+created 0\\s+already present " + certificates + "\\s*");
        assertHasLine(third.out(), "\\s+aliases\\s+created 0\\s+already present " + aliases + "\\s*");
        TreeAssertions.assertServerHolds(view, tree, folder);
    }

    @Test
    void dryRunWritesNothingAndPrintsThePlan() {
        YcExportTree tree = Trees.small();
        String folder = MqttApi.unique("dry");
        Path dir = tree.writeTo(work.resolve("dry"));

        CliRunner.Run json = cli().importJson(dir, "--folder", folder, "--dry-run");
        CliRunner.Run text = cli().importTree(dir, "--folder", folder, "--dry-run");

        assertThat(json.exit()).as("%s", json).isZero();
        JsonNode plan = json.json();
        assertThat(plan.path("dryRun").asBoolean(false)).as("%s", plan).isTrue();
        assertThat(plan.path("folderId").asText()).isEqualTo(folder);
        assertCounts(plan, "registries", 2, 0);
        assertCounts(plan, "devices", 5, 0);
        assertCounts(plan, "certificates", 6, 0);
        assertCounts(plan, "aliases", 2, 0);
        assertThat(text.exit()).as("%s", text).isZero();
        assertHasLine(text.out(), Pattern.quote("dry run, nothing written; would import into folder " + folder + ":"));
        assertHasLine(text.out(), "\\s+devices\\s+created 5\\s+already present 0\\s*");
        assertThat(text.out()).doesNotContain("imported into folder");

        assertThat(view.folderIds()).as("the folder is not created by a dry run").doesNotContain(folder);
        assertNothingOnServer(tree);

        CliRunner.Run real = cli().importJson(dir, "--folder", folder);
        assertThat(real.exit()).as("%s", real).isZero();
        assertCounts(real.json(), "devices", 5, 0);
        TreeAssertions.assertServerHolds(view, tree, folder);
    }

    @Test
    void aListFileOfExactly1000EntriesIsWarnedAbout() {
        YcExportTree tree = new YcExportTree();
        YcRegistry registry = tree.registry("many-aliases");
        String[][] aliases = {{"-e/", "events/"}, {"-s/", "state/"}, {"-c/", "commands/"}, {"-x", "events"}, {"-y", "config"}};
        for (int i = 0; i < 200; i++) {
            String name = String.format(Locale.ROOT, "d%03d", i);
            YcDevice device = registry.device(name);
            for (String[] alias : aliases) {
                device.alias(name + alias[0], "$devices/{id}/" + alias[1]);
            }
        }
        String folder = MqttApi.unique("limit");
        Path dir = tree.writeTo(work.resolve("limit"));

        CliRunner.Run text = cli().importTree(dir, "--folder", folder, "--dry-run");
        CliRunner.Run json = cli().importJson(dir, "--folder", folder);

        assertThat(text.exit()).as("%s", text).isZero();
        assertHasLine(text.out(), "warning: " + Pattern.quote(YcExportTree.aliasesFile(registry)) + ".*1000.*");
        assertThat(json.exit()).as("%s", json).isZero();
        List<String> warnings = Summary.warnings(json.json());
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains(YcExportTree.aliasesFile(registry)).contains("1000"));
        assertThat(warnings).as("200 devices is not the limit")
                .noneSatisfy(w -> assertThat(w).contains(YcExportTree.devicesFile(registry)).contains("1000"));
        assertCounts(json.json(), "aliases", 1000, 0);
    }

    @Test
    void creatingImportsAsActiveAndDeletingIsSkippedWithEverythingUnderIt() {
        YcExportTree tree = new YcExportTree();
        YcRegistry creating = tree.registry("creating").status("CREATING").withCertificate();
        YcDevice c0 = creating.device("c0").withCertificate();
        YcRegistry deleting = tree.registry("deleting").status("DELETING").withCertificate();
        YcDevice x0 = deleting.device("x0").alias("x0/", "$devices/{id}/").withCertificate();
        YcRegistry mixed = tree.registry("mixed");
        YcDevice m0 = mixed.device("m0").alias("m0/", "$devices/{id}/").withCertificate();
        YcDevice m1 = mixed.device("m1").status("CREATING").withCertificate();
        YcDevice m2 = mixed.device("m2").status("DELETING").alias("m2/", "$devices/{id}/").withCertificate();
        String folder = MqttApi.unique("status");

        CliRunner.Run run = cli().importJson(tree.writeTo(work.resolve("status")), "--folder", folder);

        assertThat(run.exit()).as("%s", run).isZero();
        JsonNode summary = run.json();
        assertCounts(summary, "registries", 2, 0);
        assertCounts(summary, "devices", 3, 0);
        assertCounts(summary, "certificates", 4, 0);
        assertCounts(summary, "aliases", 1, 0);
        assertThat(summary.path("skipped").toString()).contains(deleting.id()).contains(m2.id());
        List<String> warnings = Summary.warnings(summary);
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("registries.json $[0]"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("registries.json $[1]"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith(YcExportTree.devicesFile(mixed) + " $[1]"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith(YcExportTree.devicesFile(mixed) + " $[2]"));

        assertThat(view.registry(creating.id()).path("status").asText()).isEqualTo("ACTIVE");
        assertThat(view.registryExists(deleting.id())).as("DELETING registry").isFalse();
        assertThat(view.deviceExists(x0.id())).as("device of a DELETING registry").isFalse();
        assertThat(view.deviceExists(m2.id())).as("DELETING device").isFalse();
        assertThat(view.devices(mixed.id())).extracting(d -> d.path("id").asText())
                .containsExactlyInAnyOrder(m0.id(), m1.id());
        assertThat(view.devices(creating.id())).extracting(d -> d.path("id").asText()).containsExactly(c0.id());
        assertThat(view.aliases(mixed.id())).extracting(a -> a.path("alias").asText()).containsExactly("m0/");
    }

    @Test
    void generatedPasswordsAreWrittenOwnerOnlyAndLetIdentitiesConnect() throws Exception {
        YcExportTree tree = Trees.small();
        String folder = MqttApi.unique("passwords");
        Path passwords = work.resolve("passwords.csv");
        Path dir = tree.writeTo(work.resolve("passwords"));

        CliRunner.Run run = cli().importJson(dir, "--folder", folder, "--generate-passwords", passwords.toString());

        assertThat(run.exit()).as("%s", run).isZero();
        assertThat(run.json().path("passwordsGenerated").asInt(-1)).as("%s", run).isEqualTo(7);
        assertThat(Summary.withoutCredentials(run.json())).as("every identity has a password now").isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwords))).isEqualTo("rw-------");
        Map<String, String> byId = new HashMap<>();
        for (String line : Files.readAllLines(passwords, StandardCharsets.UTF_8)) {
            int comma = line.indexOf(',');
            assertThat(comma).as("id,password line: %s", line).isPositive();
            assertThat(byId.put(line.substring(0, comma), line.substring(comma + 1))).as("one line per id").isNull();
        }
        List<String> ids = new ArrayList<>(tree.registries().stream().map(YcRegistry::id).toList());
        ids.addAll(tree.devices().stream().map(YcDevice::id).toList());
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(byId.values()).doesNotHaveDuplicates().allSatisfy(YcImportIT::assertCompliantPassword);

        YcDevice a2 = Trees.device(tree, "a2");
        assertThat(view.devicePasswords(a2.id())).hasSize(1);
        TestMqttClient device = mqtt.byPassword(a2.id(), byId.get(a2.id())).connect();
        YcRegistry beta = Trees.registry(tree, "beta");
        TestMqttClient registry = mqtt.byPassword(beta.id(), byId.get(beta.id())).connect();
        assertThat(device.isConnected()).isTrue();
        assertThat(registry.isConnected()).isTrue();
        assertThat(mqtt.byPassword(a2.id(), byId.get(beta.id())).connectRefused())
                .as("another identity's password is refused").isEqualTo(4);
    }

    @Test
    void anExistingPasswordFileIsRefusedAndNothingIsWritten() throws Exception {
        YcExportTree tree = Trees.small();
        String folder = MqttApi.unique("pwexists");
        Path passwords = Files.writeString(work.resolve("existing.csv"), "keep me\n");

        CliRunner.Run run = cli().importJson(tree.writeTo(work.resolve("pwexists")), "--folder", folder,
                "--generate-passwords", passwords.toString());

        assertThat(run.exit()).as("%s", run).isEqualTo(1);
        assertThat(run.err()).contains(passwords.getFileName().toString());
        assertThat(passwords).hasContent("keep me");
        assertNothingOnServer(tree);
        assertThat(view.folderIds()).doesNotContain(folder);

        Path fresh = work.resolve("fresh.csv");
        CliRunner.Run control = cli().importJson(work.resolve("pwexists"), "--folder", folder,
                "--generate-passwords", fresh.toString());
        assertThat(control.exit()).as("the same import with a new file: %s", control).isZero();
        assertThat(fresh).isRegularFile();
    }

    @Test
    void folderOptionImportsIntoAFolderItCreates() {
        YcExportTree tree = Trees.small();
        String folder = MqttApi.unique("other");
        assertThat(view.folderIds()).doesNotContain(folder);

        CliRunner.Run run = cli().importJson(tree.writeTo(work.resolve("other")), "--folder", folder);

        assertThat(run.exit()).as("%s", run).isZero();
        assertThat(run.json().path("folderId").asText()).isEqualTo(folder);
        assertThat(run.json().path("folderCreated").asBoolean(false)).as("%s", run).isTrue();
        assertThat(view.folderIds()).contains(folder);
        TreeAssertions.assertServerHolds(view, tree, folder);
    }

    private void assertNothingOnServer(YcExportTree tree) {
        for (YcRegistry registry : tree.registries()) {
            assertThat(view.registryExists(registry.id())).as("%s on the server", registry).isFalse();
        }
        for (YcDevice device : tree.devices()) {
            assertThat(view.deviceExists(device.id())).as("%s on the server", device).isFalse();
        }
    }

    /** 24 characters (docs/import-export.md) with at least 3 of the 4 classes (spec §1.5). */
    private static void assertCompliantPassword(String password) {
        assertThat(password).hasSize(24);
        int classes = 0;
        for (String pattern : List.of(".*[a-z].*", ".*[A-Z].*", ".*[0-9].*", ".*[^a-zA-Z0-9].*")) {
            classes += password.matches(pattern) ? 1 : 0;
        }
        assertThat(classes).as("character classes in %s", password).isGreaterThanOrEqualTo(3);
    }
}
