package iotcore.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient;
import iotcore.testkit.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README walkthrough, command for command: a real server process, and every CLI command run as
 * its own JVM that finds the server through its data directory (ports.json and admin-token), then
 * openssl to cross-check the fingerprint the API reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliWalkthroughIT {

    private ServerProcess server;

    @TempDir
    Path work;

    @BeforeAll
    void startServer() {
        server = ServerProcess.startH2();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void readmeWalkthroughCreatesARegistryAndADeviceWithACertificate() throws Exception {
        Run registry = cli("registry", "create", "my-registry");
        assertThat(registry.exit).as("%s", registry).isZero();
        assertThat(registry.out).contains("name: my-registry").contains("status: ACTIVE");

        Path prefix = work.resolve("sensor-1");
        Run cert = cli("certificate", "create", "--cn", "sensor-1", "--out", prefix.toString());
        assertThat(cert.exit).as("%s", cert).isZero();
        Path crt = work.resolve("sensor-1.crt");
        Path key = work.resolve("sensor-1.key");
        assertThat(crt).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");

        Run device = cli("device", "create", "sensor-1", "--registry-name", "my-registry", "--certificate-file", crt.toString());
        assertThat(device.exit).as("%s", device).isZero();
        assertThat(device.out).contains("name: sensor-1");

        Run list = cli("device", "list", "--registry-name", "my-registry");
        assertThat(list.exit).as("%s", list).isZero();
        assertThat(list.out).contains("sensor-1").contains("ACTIVE");

        Run certs = cli("device", "certificate", "list", "sensor-1", "--registry-name", "my-registry", "--format", "json");
        assertThat(certs.exit).as("%s", certs).isZero();
        JsonNode listed = ApiClient.JSON.readTree(certs.out);
        String fingerprint = listed.get(0).path("fingerprint").asText();
        assertThat(fingerprint).isEqualTo(opensslSha1(crt));

        ApiClient api = server.adminClient();
        JsonNode registries = api.get("/iot-devices/v1/registries?folderId=default").json().path("registries");
        assertThat(registries).extracting(r -> r.path("name").asText()).contains("my-registry");
    }

    @Test
    void errorsPrintTheApiMessageAndExitNonZero() throws Exception {
        assertThat(cli("registry", "create", "dup-registry").exit).isZero();

        Run again = cli("registry", "create", "dup-registry");
        assertThat(again.exit).as("%s", again).isEqualTo(1);
        assertThat(again.err).contains("already exists");

        Run invalid = cli("registry", "create", "bad name!");
        assertThat(invalid.exit).as("%s", invalid).isEqualTo(1);
        assertThat(invalid.err).contains("name");

        Run missing = cli("device", "get", "nobody", "--registry-name", "dup-registry");
        assertThat(missing.exit).as("%s", missing).isEqualTo(1);
        assertThat(missing.err).contains("not found");
    }

    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** {@code ./iotcore ARGS} as a separate JVM, as the launcher runs it, with IOTCORE_DATA_DIR naming the server's data dir. */
    private Run cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerProcess.MAIN_CLASS));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "cli", ".out");
        Path err = Files.createTempFile(work, "cli", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("IOTCORE_"));
        pb.environment().put("IOTCORE_DATA_DIR", server.dataDir().toString());
        Process process = pb.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("CLI did not finish: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String opensslSha1(Path crt) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("openssl", "x509", "-in", crt.toString(), "-noout", "-fingerprint", "-sha1")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as("openssl: %s", text).isZero();
        return text.substring(text.indexOf('=') + 1).replace(":", "").toLowerCase(Locale.ROOT);
    }
}
