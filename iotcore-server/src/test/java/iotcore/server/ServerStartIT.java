package iotcore.server;

import iotcore.server.config.ConfigLoader;
import iotcore.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A start that fails, before or after the database and the message store (opened side by side) are ready, closes
 * both: the next start in the same process, on the same data directory, opens them again.
 */
@Timeout(120)
class ServerStartIT {
    @TempDir
    Path dataDir;

    private ServerConfig config(Map<String, String> more) {
        Map<String, String> flags = new LinkedHashMap<>(Map.of("data-dir", dataDir.toString(), "http-port", "0",
                "mqtt-host", "127.0.0.1", "mqtts-port", "0", "wss-port", "0"));
        flags.putAll(more);
        return ConfigLoader.load(null, Map.of(), flags);
    }

    @Test
    void aTakenPortFailsTheStartAndReleasesTheStores() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ServerConfig cfg = config(Map.of("mqtts-port", String.valueOf(taken.getLocalPort())));

            assertThatThrownBy(() -> Server.start(cfg)).isInstanceOf(Server.StartupException.class)
                    .hasMessageContaining("mqtts-port");
        }
        startsAndStops();
        startsAndStops(); // a restart: schema already up to date, TLS material and store read back
    }

    @Test
    void aFailureBesideTheStoreOpeningReleasesTheStore() throws Exception {
        Path tokenFile = Files.createDirectories(dataDir.resolve(AdminToken.FILE)); // the admin token cannot be written

        assertThatThrownBy(() -> Server.start(config(Map.of()))).isInstanceOf(Server.StartupException.class);

        Files.delete(tokenFile);
        startsAndStops();
    }

    private void startsAndStops() {
        try (Server server = Server.start(config(Map.of()))) {
            assertThat(server.httpPort()).isPositive();
            assertThat(dataDir.resolve(Server.PORTS_FILE)).exists();
        }
    }
}
