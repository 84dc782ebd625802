package iotcore.cli.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.UserException;
import iotcore.cli.client.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the broker is and how to trust it (a mixin). As for the REST commands, a local server's data directory
 * supplies the defaults: the {@code mqtts} port from {@code ports.json} and the generated CA in {@code tls/ca.crt}.
 */
public final class BrokerOptions {

    static final int DEFAULT_PORT = 8883;
    static final String CLIENT_ID_PREFIX = "YCCmdLine-";
    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int SUFFIX_LENGTH = 8; // prefix + suffix stay within the 23 bytes MQTT 3.1.1 guarantees

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Broker host; must match the server certificate (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Broker MQTT-over-TLS port (default: \"mqtts\" in <data-dir>/ports.json, else " + DEFAULT_PORT + ").")
    Integer port;

    @Option(names = "--cafile", paramLabel = "FILE",
            description = "PEM CA certificate(s) to trust for the server (default: <data-dir>/tls/ca.crt when it exists, else the JDK's trusted CAs).")
    Path caFile;

    @Option(names = "--client-id", paramLabel = "ID",
            description = "MQTT ClientID (default: " + CLIENT_ID_PREFIX + "<random>, so two CLI clients with one identity do not take each other's session over).")
    String clientId;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:IOTCORE_DATA_DIR:-./data}",
            description = "Data directory of a local server, for the default port and CA (env IOTCORE_DATA_DIR; default: ${DEFAULT-VALUE}).")
    Path dataDir;

    public BrokerAddress address() {
        if (host == null || host.isBlank()) {
            throw new UserException("--host must not be empty");
        }
        if (port != null) {
            if (port < 1 || port > 65535) {
                throw new UserException("--port must be between 1 and 65535, not " + port);
            }
            return new BrokerAddress(host.strip(), port, "from --port");
        }
        Path ports = dataDir.resolve("ports.json");
        return portsFileEntry(ports)
                .map(mqtts -> new BrokerAddress(host.strip(), mqtts, "from " + ports))
                .orElseGet(() -> new BrokerAddress(host.strip(), DEFAULT_PORT, "the default port; " + ports + " names none"));
    }

    /** The CA file to trust, or empty for the JDK's own trust store. */
    public Optional<Path> caFile() {
        if (caFile != null) {
            if (!Files.isRegularFile(caFile)) {
                throw new UserException("--cafile: no such file: " + caFile);
            }
            return Optional.of(caFile);
        }
        Path generated = dataDir.resolve("tls").resolve("ca.crt");
        return Files.isRegularFile(generated) ? Optional.of(generated) : Optional.empty();
    }

    public String clientId() {
        if (clientId != null) {
            return clientId;
        }
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder(CLIENT_ID_PREFIX);
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            id.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return id.toString();
    }

    /** A missing or unreadable file just means no local server: the caller falls back to the default port. */
    private static Optional<Integer> portsFileEntry(Path ports) {
        try {
            JsonNode mqtts = Json.MAPPER.readTree(Files.readString(ports)).path("mqtts");
            return mqtts.canConvertToInt() && mqtts.asInt() > 0 ? Optional.of(mqtts.asInt()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
