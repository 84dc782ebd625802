package iotcore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ServerProcessTest {

    @Test
    void startWaitsForPortsJsonAndExposesPortsTokenAndLog(@TempDir Path dir) {
        try (ServerProcess server = ServerProcess.builder()
                .mainClass(FakeServerMain.class.getName())
                .dataDir(dir)
                .database(new TestPostgres.Database("jdbc:postgresql://localhost:1/x", "u", "p", "x"))
                .args("--max-registries", "3")
                .env("FAKE_ENV", "seen")
                .start()) {
            assertThat(server.httpPort()).isEqualTo(4242);
            assertThat(server.port("mqtts")).isEqualTo(4243);
            assertThat(server.port("absent")).isEqualTo(-1);
            assertThat(server.baseUri()).hasToString("http://127.0.0.1:4242");
            assertThat(server.adminToken()).isEqualTo("secret-admin-token");
            assertThat(server.dataDir()).isEqualTo(dir);
            assertThat(server.isAlive()).isTrue();
            awaitLog(server, "ready");
            assertThat(server.logTail(10))
                    .contains("serve, --data-dir, " + dir + ", --http-port, 0, --mqtts-port, 0, --wss-port, 0, --mqtt-host, 127.0.0.1, --database-url, "
                            + "jdbc:postgresql://localhost:1/x, --database-user, u, --database-password, p, "
                            + "--max-registries, 3")
                    .contains("env FAKE_ENV=seen");

            server.stop();

            assertThat(server.isAlive()).isFalse();
        }
    }

    @Test
    void startFailsWithTheLogTailWhenTheProcessExits(@TempDir Path dir) {
        assertThatThrownBy(() -> ServerProcess.builder()
                        .mainClass(FakeServerMain.class.getName()).dataDir(dir).args("--fail").start())
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("fake failure: cannot start");
    }

    @Test
    void startFailsAfterTheDeadlineAndKillsTheProcess(@TempDir Path dir) {
        assertThatThrownBy(() -> ServerProcess.builder()
                        .mainClass(FakeServerMain.class.getName()).dataDir(dir).args("--hang")
                        .startupTimeout(Duration.ofSeconds(2)).start())
                .hasMessageContaining("did not write")
                .hasMessageContaining("fake server args");
    }

    @Test
    void aStalePortsJsonFromAnEarlierServerIsNotTakenForReadiness(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ports.json"), "{\"http\": 1, \"mqtts\": 2}");

        assertThatThrownBy(() -> ServerProcess.builder()
                        .mainClass(FakeServerMain.class.getName()).dataDir(dir).args("--hang")
                        .startupTimeout(Duration.ofSeconds(2)).start())
                .hasMessageContaining("did not write");
    }

    @Test
    void aStoppedServerRestartsOnTheSameDataDirectory(@TempDir Path dir) {
        ServerProcess first = ServerProcess.builder().mainClass(FakeServerMain.class.getName()).dataDir(dir).start();
        awaitLog(first, "ready");
        first.stop();

        try (ServerProcess second = ServerProcess.builder()
                .mainClass(FakeServerMain.class.getName()).dataDir(first.dataDir()).start()) {
            assertThat(second.isAlive()).isTrue();
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(second.dataDir()).isEqualTo(dir);
            assertThat(second.port("mqtts")).isEqualTo(4243);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (readyLines(second) < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(readyLines(second)).as("the log is appended to").isEqualTo(2);
        }
    }

    @Test
    void killSendsSigkillSoNoShutdownHookRunsAndTheDataDirectoryCanBeReused(@TempDir Path dir) {
        ServerProcess first = ServerProcess.builder().mainClass(FakeServerMain.class.getName()).dataDir(dir).start();
        awaitLog(first, "ready");

        int exitCode = first.kill();

        assertThat(first.isAlive()).isFalse();
        assertThat(exitCode).as("128 + SIGKILL").isEqualTo(137);
        assertThat(first.kill()).as("idempotent").isEqualTo(137);
        assertThat(first.stop()).as("stop after kill does nothing more").isEqualTo(137);
        assertThat(first.logTail(20)).doesNotContain("fake shutdown hook ran");

        try (ServerProcess second = ServerProcess.builder()
                .mainClass(FakeServerMain.class.getName()).dataDir(dir).start()) {
            assertThat(second.isAlive()).isTrue();
            assertThat(second.pid()).isNotEqualTo(first.pid());
        }
    }

    @Test
    void stopSendsSigtermSoShutdownHooksRun(@TempDir Path dir) {
        ServerProcess server = ServerProcess.builder().mainClass(FakeServerMain.class.getName()).dataDir(dir).start();
        awaitLog(server, "ready");

        server.stop();

        assertThat(server.isAlive()).isFalse();
        assertThat(server.logTail(20)).contains("fake shutdown hook ran");
        assertThat(server.kill()).as("kill after stop does nothing more").isEqualTo(server.stop());
    }

    private static long readyLines(ServerProcess server) {
        return java.util.Arrays.stream(server.logTail(100).split("\n")).filter("ready"::equals).count();
    }

    private static void awaitLog(ServerProcess server, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!server.logTail(50).contains(text) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
