package iotcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorHandlingTest {

    @TempDir
    Path dataDir;

    @Test
    void anApiErrorBodyBecomesExitCodeOneWithItsMessage() throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.answer("POST /iot-devices/v1/registries", 400,
                    "{\"code\":3,\"message\":\"name: must match [a-zA-Z0-9_-]*\",\"details\":[]}");

            CliRun run = api.run("registry", "create", "bad name!");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("ERROR: name: must match [a-zA-Z0-9_-]*\n");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void aFailedOperationIsAnErrorToo() throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.answer("DELETE /iot-devices/v1/registries/are1dtqd94r7xxxxxxxx",
                    "{\"id\":\"op\",\"done\":true,\"error\":{\"code\":9,\"message\":\"registry has devices\"}}");

            CliRun run = api.run("registry", "delete", "--id", "are1dtqd94r7xxxxxxxx");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("ERROR: registry has devices\n");
        }
    }

    @Test
    void aClosedPortGivesExitCodeTwoNamingTheEndpoint() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        CliRun run = CliRun.of("registry", "list", "--endpoint", "http://127.0.0.1:" + port, "--token", "t");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("ERROR: cannot reach the iotcore server at http://127.0.0.1:" + port)
                .contains("--endpoint").doesNotContain("\tat ");
    }

    @Test
    void aDataDirWithoutPortsFileSaysTheServerIsNotStarted() {
        CliRun run = CliRun.of("registry", "list", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(dataDir.resolve("ports.json").toString()).contains("--data-dir").contains("--endpoint");
    }

    @Test
    void theDataDirGivesEndpointAndAdminToken() throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.answer("GET /iotcore/v1/folders", "{\"folders\":[{\"id\":\"default\",\"createdAt\":\"t\"}]}");
            String port = api.endpoint().substring(api.endpoint().lastIndexOf(':') + 1);
            Files.writeString(dataDir.resolve("ports.json"), "{\"http\": " + port + ", \"mqtts\": 8883}");
            Files.writeString(dataDir.resolve("admin-token"), "secret-admin\n");

            CliRun run = CliRun.of("folder", "list", "--data-dir", dataDir.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(api.last().authorization()).isEqualTo("Bearer secret-admin");
            assertThat(run.out()).contains("| default |");
        }
    }

    @Test
    void aMissingTokenFileIsAUserError() throws Exception {
        Files.writeString(dataDir.resolve("ports.json"), "{\"http\": 1}");

        CliRun run = CliRun.of("registry", "list", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("admin-token").contains("--token");
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithoutStackTrace() {
        CliRun run = CliRun.of("registry", "list", "--colour");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("ERROR: Unknown option: '--colour'").contains("iotcore registry list --help")
                .doesNotContain("Exception");
    }

    @Test
    void aGroupAloneIsAUsageError() {
        CliRun run = CliRun.of("registry");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("missing command").contains("create");
    }

    @Test
    void tokenCreateSendsRoleAndScopeAndPrintsTheSecret() throws Exception {
        try (FakeApi api = new FakeApi()) {
            api.answer("POST /iotcore/v1/tokens",
                    "{\"id\":\"tok1\",\"role\":\"viewer\",\"folderId\":\"plant\",\"createdAt\":\"t\",\"token\":\"s3cret\"}");

            CliRun run = api.run("token", "create", "--role", "viewer", "--folder-id", "plant");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(api.last().body()).isEqualTo("{\"role\":\"viewer\",\"folderId\":\"plant\"}");
            assertThat(run.out()).contains("token: s3cret").contains("folder_id: plant");
        }
    }
}
