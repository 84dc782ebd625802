package iotcore.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreEmbeddedH2InTheDataDirOnPort8080() {
        ServerConfig c = ConfigLoader.load(null, Map.of(), Map.of());
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.databaseUrl()).startsWith("jdbc:h2:file:").contains("data/iotcore");
        assertThat(c.maxRegistries()).isZero();
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("iotcore.yaml"), "http-port: 1111\ndata-dir: /srv/a\nmax-devices: 7\n");
        ServerConfig c = ConfigLoader.load(file, Map.of("IOTCORE_HTTP_PORT", "2222", "IOTCORE_DATA_DIR", "/srv/b"),
                Map.of("http-port", "0"));
        assertThat(c.httpPort()).isZero();
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/b"));
        assertThat(c.maxDevices()).isEqualTo(7);
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsKeyAndSource() throws Exception {
        Path file = Files.writeString(dir.resolve("iotcore.yaml"), "http-prot: 1\nmax-registries: -1\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of("IOTCORE_HTTP_PORT", "abc"),
                Map.of("database-url", "mysql://x")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(4)
                        .anySatisfy(p -> assertThat(p).startsWith("http-prot: unknown option"))
                        .anySatisfy(p -> assertThat(p).contains("http-port (from environment variable IOTCORE_HTTP_PORT)").contains("\"abc\""))
                        .anySatisfy(p -> assertThat(p).contains("database-url (from flag --database-url)"))
                        .anySatisfy(p -> assertThat(p).contains("max-registries").contains("got -1")));
    }

    @Test
    void aPostgresqlUrlSwitchesTheEngine() {
        ServerConfig c = ConfigLoader.load(null, Map.of(), Map.of("database-url", "jdbc:postgresql://127.0.0.1:5432/iot",
                "database-user", "iot"));
        assertThat(c.databaseUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/iot");
        assertThat(c.databaseUser()).isEqualTo("iot");
        assertThat(c.databasePassword()).isNull();
    }

    @Test
    void portsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("http-port", "70000")))
                .hasMessageContaining("http-port (from flag --http-port): must be between 0 and 65535");
    }
}
