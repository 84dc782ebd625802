package iotcore.server.config;

import java.nio.file.Path;

/**
 * Everything {@code serve} needs, validated once at start. {@code databaseUrl} defaults to an
 * embedded H2 file in the data directory; quotas of 0 mean none (decisions §7).
 */
public record ServerConfig(Path dataDir, String httpHost, int httpPort, String databaseUrl,
                           String databaseUser, String databasePassword, int maxRegistries, int maxDevices,
                           MqttConfig mqtt) {

    public static final String DEFAULT_DATA_DIR = "./data";
    public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    public static final int DEFAULT_HTTP_PORT = 8080;

    public static String embeddedH2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("iotcore") + ";DB_CLOSE_ON_EXIT=FALSE";
    }
}
