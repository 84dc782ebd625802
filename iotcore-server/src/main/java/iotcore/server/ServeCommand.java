package iotcore.server;

import iotcore.server.config.ConfigException;
import iotcore.server.config.ConfigLoader;
import iotcore.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code iotcore serve}: reads the configuration (file, then IOTCORE_* variables, then flags), starts
 * the server and blocks until SIGTERM/SIGINT. Options are strings here so that only the ones given
 * reach {@link ConfigLoader}, which owns defaults and validation.
 */
@Command(name = "serve", description = "Start the iotcore server: MQTT broker and REST API (embedded H2 database unless --database-url).")
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

    @Option(names = "--mqtt-host", paramLabel = "HOST", description = "Address of the MQTT listeners (default 0.0.0.0).")
    String mqttHost;

    @Option(names = "--mqtts-port", paramLabel = "PORT", description = "MQTT over TLS (default 8883; 0: any free port).")
    String mqttsPort;

    @Option(names = "--wss-port", paramLabel = "PORT", description = "MQTT over secure WebSocket, path /mqtt (default 8443).")
    String wssPort;

    @Option(names = "--mqtt-port", paramLabel = "PORT", description = "Plain TCP MQTT, off unless given.")
    String mqttPort;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM server certificate chain (default: generated local CA in <data-dir>/tls).")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert.")
    String tlsKey;

    @Option(names = "--max-message-bytes", paramLabel = "N", description = "Largest PUBLISH payload (default 262144).")
    String maxMessageBytes;

    @Option(names = "--max-topic-length", paramLabel = "N", description = "Longest topic in characters (default 1024).")
    String maxTopicLength;

    @Option(names = "--inbound-rate", paramLabel = "N", description = "PUBLISH packets per second per connection before reads pause (default 0: off).")
    String inboundRate;

    @Option(names = "--session-queue-messages", paramLabel = "N", description = "Most QoS 1 messages queued per persistent session (default 100000).")
    String sessionQueueMessages;

    @Option(names = "--session-queue-bytes", paramLabel = "N", description = "Most payload bytes queued per persistent session (default 67108864).")
    String sessionQueueBytes;

    @Option(names = "--session-expiry", paramLabel = "DURATION", description = "Disconnected persistent sessions are deleted after this long (default 7d; e.g. 30s, 15m, 12h).")
    String sessionExpiry;

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
            markClassArchiveWorthKeeping();
            server.awaitShutdown();
            return 0;
        } catch (Server.StartupException e) {
            System.err.println("iotcore: cannot start: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The launcher records a class data archive at the exit of a run (see {@code ./iotcore}) and names in this property
     * the file that tells it the run got as far as a full start, so that the archive holds what a start loads.
     */
    private static void markClassArchiveWorthKeeping() {
        String marker = System.getProperty("iotcore.class-archive.ready");
        if (marker != null) {
            try {
                Files.writeString(Path.of(marker), "");
            } catch (IOException e) {
                System.err.println("iotcore: cannot write " + marker + ": " + e.getMessage());
            }
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
        put(flags, "mqtt-host", mqttHost);
        put(flags, "mqtts-port", mqttsPort);
        put(flags, "wss-port", wssPort);
        put(flags, "mqtt-port", mqttPort);
        put(flags, "tls-cert", tlsCert);
        put(flags, "tls-key", tlsKey);
        put(flags, "max-message-bytes", maxMessageBytes);
        put(flags, "max-topic-length", maxTopicLength);
        put(flags, "inbound-rate", inboundRate);
        put(flags, "session-queue-messages", sessionQueueMessages);
        put(flags, "session-queue-bytes", sessionQueueBytes);
        put(flags, "session-expiry", sessionExpiry);
        return flags;
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
