package iotcore.server.migration;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.server.mqtt.FailureLog;
import iotcore.server.mqtt.Identity;
import iotcore.server.mqtt.MqttApi;
import iotcore.testkit.ApiClient;
import iotcore.testkit.ServerProcess;
import iotcore.testkit.TestPki;
import iotcore.testkit.yc.YcCertificate;
import iotcore.testkit.yc.YcDevice;
import iotcore.testkit.yc.YcExportTree;
import iotcore.testkit.yc.YcRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree with one defect is refused as a whole (docs/import-export.md, "Validates everything"): exit
 * code 1, one {@code error: <file> <location>: <reason>} line per problem on stderr, the closing
 * {@code import refused: N problem(s); nothing was written}, and afterwards the server holds nothing
 * of the tree (no registry, no device, not even the new folder). Each test starts from
 * {@link Trees#small()} with new IDs, which {@link #theUndamagedTreeImports()} shows to be valid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class YcImportBadInputIT {

    private ServerProcess server;
    private ServerView view;

    @TempDir
    Path work;

    @RegisterExtension
    final FailureLog.OnFailure serverLogOnFailure = new FailureLog.OnFailure(() -> server);

    @BeforeAll
    void startServer() {
        server = ServerProcess.startH2();
        view = new ServerView(server.adminClient());
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void theUndamagedTreeImports() {
        YcExportTree tree = Trees.small();
        String folder = unique("good");

        CliRunner.Run run = cli().importTree(tree.writeTo(work.resolve("good")), "--folder", folder);

        assertThat(run.exit()).as("%s", run).isZero();
        assertThat(run.errors()).isEmpty();
        TreeAssertions.assertServerHolds(view, tree, folder);
    }

    @Test
    void truncatedJsonIsRefusedWithLineAndColumn() throws IOException {
        YcExportTree tree = Trees.small();
        YcRegistry alpha = Trees.registry(tree, "alpha");
        Path dir = tree.writeTo(work.resolve("truncated"));
        Path devices = dir.resolve(YcExportTree.devicesFile(alpha));
        String text = Files.readString(devices);
        Files.writeString(devices, text.substring(0, text.length() / 2));

        CliRunner.Run run = importRefused(tree, dir);

        assertThat(run.errors()).anySatisfy(line -> assertThat(line)
                .matches(Pattern.quote("error: " + YcExportTree.devicesFile(alpha)) + " line \\d+ column \\d+: malformed JSON.*"));
    }

    @Test
    void malformedJsonNamesTheLineOfTheDefect() throws IOException {
        YcExportTree tree = Trees.small();
        Path dir = tree.writeTo(work.resolve("malformed"));
        Path registries = dir.resolve(YcExportTree.registriesFile());
        List<String> lines = Files.readAllLines(registries);
        int index = lines.indexOf(lines.stream().filter(l -> l.contains("\"name\": \"beta\"")).findFirst().orElseThrow());
        lines.set(index, lines.get(index).replace("\"beta\"", "}"));
        Files.write(registries, lines);

        CliRunner.Run run = importRefused(tree, dir);

        assertThat(run.errors()).anySatisfy(line -> assertThat(line)
                .matches("error: registries\\.json line " + (index + 1) + " column \\d+: malformed JSON.*"));
    }

    @Test
    void aTopLevelThatIsNotAnArrayIsRefused() throws IOException {
        YcExportTree tree = Trees.small();
        Path dir = tree.writeTo(work.resolve("object"));
        Path registries = dir.resolve(YcExportTree.registriesFile());
        Files.writeString(registries, "{\"registries\": " + Files.readString(registries) + "}");

        CliRunner.Run run = importRefused(tree, dir);

        assertThat(run.errors()).anySatisfy(line -> assertThat(line).startsWith("error: registries.json "));
    }

    @Test
    void wrongTypesAreEachReportedWithTheirJsonPath() {
        YcExportTree tree = Trees.small();
        YcRegistry alpha = Trees.registry(tree, "alpha");
        YcDevice a2 = Trees.device(tree, "a2");
        Path dir = tree.writeTo(work.resolve("types"));
        edit(dir.resolve(YcExportTree.registriesFile()), array -> ((ObjectNode) array.get(0)).put("labels", "team=one"));
        edit(dir.resolve(YcExportTree.devicesFile(alpha)), array -> ((ObjectNode) array.get(2)).put("id", 12345));
        delete(dir.resolve(YcExportTree.deviceCertsFile(a2)));

        CliRunner.Run run = importRefused(tree, dir);

        assertThat(run.errors()).as("%s", run).hasSize(2);
        assertThat(run.errors()).anySatisfy(line -> assertThat(line).startsWith("error: registries.json $[0].labels: "));
        assertThat(run.errors()).anySatisfy(line -> assertThat(line)
                .startsWith("error: " + YcExportTree.devicesFile(alpha) + " $[2].id: "));
    }

    @Test
    void aMissingIdIsRequired() {
        YcExportTree tree = Trees.small();
        YcRegistry alpha = Trees.registry(tree, "alpha");
        YcDevice a2 = Trees.device(tree, "a2");
        Path dir = tree.writeTo(work.resolve("missing-id"));
        edit(dir.resolve(YcExportTree.devicesFile(alpha)), array -> ((ObjectNode) array.get(2)).remove("id"));
        delete(dir.resolve(YcExportTree.deviceCertsFile(a2)));

        CliRunner.Run run = importRefused(tree, dir);

        assertThat(run.errors()).containsExactly("error: " + YcExportTree.devicesFile(alpha) + " $[2].id: is required");
    }

    @Test
    void aDeviceIdUsedInTwoDevicesFilesNamesBothPlaces() {
        YcExportTree tree = Trees.small();
        YcRegistry alpha = Trees.registry(tree, "alpha");
        YcRegistry beta = Trees.registry(tree, "beta");
        YcDevice a1 = Trees.device(tree, "a1");
        beta.device("copy").id(a1.id());

        CliRunner.Run run = importRefused(tree, tree.writeTo(work.resolve("duplicate")));

        String errors = String.join("\n", run.errors());
        assertThat(errors).contains(a1.id())
                .contains(YcExportTree.devicesFile(alpha) + " $[1]")
                .contains(YcExportTree.devicesFile(beta) + " $[2]");
    }

    @Test
    void aCertificatePemThatDoesNotParseIsRefused() {
        YcExportTree tree = Trees.small();
        YcDevice a1 = Trees.device(tree, "a1");
        a1.certificates().get(0).certificateData(
                "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGUgYXQgYWxs\n-----END CERTIFICATE-----\n");

        CliRunner.Run run = importRefused(tree, tree.writeTo(work.resolve("bad-pem")));

        assertThat(run.errors()).anySatisfy(line -> assertThat(line)
                .startsWith("error: " + YcExportTree.deviceCertsFile(a1) + " $[0].certificate_data: "));
    }

    @Test
    void aFingerprintThatDoesNotMatchTheCertificateIsRefused() {
        YcExportTree tree = Trees.small();
        YcDevice a0 = Trees.device(tree, "a0");
        YcCertificate certificate = a0.certificates().get(0);
        String wrong = TestPki.selfSigned("localhost").sha1Fingerprint();
        certificate.fingerprint(wrong);

        CliRunner.Run run = importRefused(tree, tree.writeTo(work.resolve("fingerprint")));

        assertThat(run.errors()).as("%s", run).hasSize(1);
        assertThat(run.errors().get(0))
                .startsWith("error: " + YcExportTree.deviceCertsFile(a0) + " $[0].fingerprint: " + wrong)
                .contains("does not match the certificate")
                .contains(certificate.realFingerprint());
    }

    @Test
    void aCertificateTheServerHoldsForAnotherDeviceIsRefused() {
        MqttApi api = new MqttApi(server.adminClient());
        Identity holder = api.newDevice(api.newRegistry(api.newFolder(), "holder"), "holder-device");
        YcExportTree tree = Trees.small();
        YcRegistry alpha = Trees.registry(tree, "alpha");
        YcDevice taker = alpha.device("a3");
        taker.certificate(holder.certificate());

        CliRunner.Run run = importRefused(tree, tree.writeTo(work.resolve("taken")));

        assertThat(run.errors()).as("%s", run).hasSize(1);
        assertThat(run.errors().get(0))
                .matches(Pattern.quote("error: " + YcExportTree.deviceCertsFile(taker) + " $[0]") + "(\\.\\w+)?: .+");
        assertThat(view.deviceCertificates(holder.id())).extracting(c -> c.path("fingerprint").asText())
                .as("the holder keeps its certificate").containsExactly(holder.certificate().sha1Fingerprint());
    }

    @Test
    void aCertificateGivenToTwoOwnersInTheExportIsRefused() {
        YcExportTree tree = Trees.small();
        YcDevice a0 = Trees.device(tree, "a0");
        YcDevice b0 = Trees.device(tree, "b0");
        b0.certificate(a0.certificates().get(0).material());

        CliRunner.Run run = importRefused(tree, tree.writeTo(work.resolve("shared-cert")));

        assertThat(String.join("\n", run.errors())).containsAnyOf(
                YcExportTree.deviceCertsFile(a0) + " $[0]", YcExportTree.deviceCertsFile(b0) + " $[1]");
    }

    @Test
    void anAliasThatIsAPrefixOfAnotherDevicesAliasIsRefused() {
        YcExportTree tree = Trees.small();
        YcRegistry alpha = Trees.registry(tree, "alpha");
        Trees.device(tree, "a1").alias("alpha/a0/x/", "$devices/{id}/events/");

        CliRunner.Run run = importRefused(tree, tree.writeTo(work.resolve("alias")));

        assertThat(run.errors()).anySatisfy(line -> assertThat(line)
                .matches("error: (" + Pattern.quote(YcExportTree.devicesFile(alpha)) + "|"
                        + Pattern.quote(YcExportTree.aliasesFile(alpha)) + ") \\$\\[\\d+\\].*")
                .contains("alpha/a0/"));
    }

    @Test
    void aRegistryIdUsedInAnotherFolderIsRefused() {
        YcExportTree first = Trees.small();
        YcRegistry existing = Trees.registry(first, "alpha");
        String firstFolder = unique("first");
        CliRunner.Run imported = cli().importTree(first.writeTo(work.resolve("first")), "--folder", firstFolder);
        assertThat(imported.exit()).as("%s", imported).isZero();

        YcExportTree second = new YcExportTree();
        YcRegistry reused = second.registry("gamma").id(existing.id()).withCertificate();
        reused.device("g0").withCertificate();
        second.registry("delta").device("d0").withCertificate();
        String secondFolder = unique("second");
        CliRunner.Run run = cli().importTree(second.writeTo(work.resolve("second")), "--folder", secondFolder);

        assertRefusedWithCount(run);
        assertThat(run.errors()).as("%s", run).hasSize(1);
        assertThat(run.errors().get(0)).startsWith("error: registries.json $[0].id: ");
        JsonNode stored = view.registry(existing.id()).json();
        assertThat(stored.path("folderId").asText()).isEqualTo(firstFolder);
        assertThat(stored.path("name").asText()).isEqualTo("alpha");
        assertThat(view.registryExists(second.registries().get(1).id())).isFalse();
        second.devices().forEach(d -> assertThat(view.deviceExists(d.id())).as("%s", d).isFalse());
        assertThat(view.folderIds()).doesNotContain(secondFolder);
    }

    // --- helpers -------------------------------------------------------------------------------------

    private CliRunner cli() {
        return new CliRunner(server, work.resolve("cli"));
    }

    /** Imports {@code dir} into a new folder and asserts the refusal and that nothing of {@code tree} was written. */
    private CliRunner.Run importRefused(YcExportTree tree, Path dir) {
        String folder = unique("bad");
        CliRunner.Run run = cli().importTree(dir, "--folder", folder);
        assertRefusedWithCount(run);
        for (YcRegistry registry : tree.registries()) {
            assertThat(view.registryExists(registry.id())).as("%s written by a refused import", registry).isFalse();
        }
        for (YcDevice device : tree.devices()) {
            assertThat(view.deviceExists(device.id())).as("%s written by a refused import", device).isFalse();
        }
        assertThat(view.folderIds()).as("folder created by a refused import").doesNotContain(folder);
        return run;
    }

    private static void assertRefusedWithCount(CliRunner.Run run) {
        assertThat(run.exit()).as("%s", run).isEqualTo(1);
        assertThat(run.errors()).as("error lines: %s", run).isNotEmpty();
        assertThat(run.errLines()).as("%s", run)
                .contains("import refused: " + run.errors().size() + " problem(s); nothing was written");
        assertThat(run.out()).as("no summary of an import: %s", run).doesNotContain("imported into folder");
    }

    private static void edit(Path file, Consumer<ArrayNode> change) {
        try {
            ArrayNode array = (ArrayNode) ApiClient.JSON.readTree(file.toFile());
            change.accept(array);
            Files.writeString(file, ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
