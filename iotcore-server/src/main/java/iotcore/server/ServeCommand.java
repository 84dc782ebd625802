package iotcore.server;

import iotcore.server.config.ConfigException;
import iotcore.server.config.ConfigLoader;
import iotcore.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code iotcore serve}: reads the configuration (file, then IOTCORE_* variables, then flags), starts
 * the server and blocks until SIGTERM/SIGINT. Options are strings here so that only the ones given
 * reach {@link ConfigLoader}, which owns defaults and validation.
 */
@Command(name = "serve", description = "Start the iotcore server (REST API; embedded H2 database unless --database-url).")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML file of options (keys as the flags, without dashes).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./data).")
    String dataDir;

    @Option(names = "--http-host", paramLabel = "HOST", description = "Address the REST API listens on (default 127.0.0.1).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", description = "REST API port; 0 picks a free one (default 8080).")
    String httpPort;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "jdbc:postgresql://host:port/db for PostgreSQL (default: embedded H2 file in the data directory).")
    String databaseUrl;

    @Option(names = "--database-user", paramLabel = "USER")
    String databaseUser;

    @Option(names = "--database-password", paramLabel = "PASSWORD")
    String databasePassword;

    @Option(names = "--max-registries", paramLabel = "N", description = "Registries per folder (default 0: unlimited).")
    String maxRegistries;

    @Option(names = "--max-devices", paramLabel = "N", description = "Devices per folder (default 0: unlimited).")
    String maxDevices;

    @Override
    public Integer call() {
        ServerConfig cfg;
        try {
            cfg = ConfigLoader.load(config, System.getenv(), flags());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        try (Server server = Server.start(cfg)) {
            server.awaitShutdown();
            return 0;
        } catch (Server.StartupException e) {
            System.err.println("iotcore: cannot start: " + e.getMessage());
            return 1;
        }
    }

    private Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "data-dir", dataDir);
        put(flags, "http-host", httpHost);
        put(flags, "http-port", httpPort);
        put(flags, "database-url", databaseUrl);
        put(flags, "database-user", databaseUser);
        put(flags, "database-password", databasePassword);
        put(flags, "max-registries", maxRegistries);
        put(flags, "max-devices", maxDevices);
        return flags;
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
