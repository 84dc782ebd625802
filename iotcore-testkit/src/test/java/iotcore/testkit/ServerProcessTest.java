package iotcore.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private static void awaitLog(ServerProcess server, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!server.logTail(50).contains(text) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
