package iotcore.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.UserException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Global connection options (a picocli mixin). Explicit flags and environment variables win; otherwise the
 * files a local server writes into its data directory are read, so on the server's host nothing needs
 * configuring.
 */
public final class ConnectionOptions {

    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "${env:IOTCORE_ENDPOINT}",
            description = "REST API base URL, e.g. http://127.0.0.1:8080 (env IOTCORE_ENDPOINT; default: from <data-dir>/ports.json).")
    String endpoint;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:IOTCORE_TOKEN}",
            description = "Bearer token (env IOTCORE_TOKEN; default: <data-dir>/admin-token).")
    String token;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:IOTCORE_DATA_DIR:-./data}",
            description = "Data directory of a local server, read when --endpoint or --token is not given (env IOTCORE_DATA_DIR; default: ${DEFAULT-VALUE}).")
    Path dataDir;

    /** The data directory of a local server (for other files it writes there, e.g. the broker's ports and CA). */
    public Path dataDir() {
        return dataDir;
    }

    public ApiClient client() {
        return new ApiClient(endpoint());
    }

    public Endpoint endpoint() {
        // The endpoint first: a missing ports.json says "server not started" better than a missing token.
        URI uri;
        String source;
        if (!blank(endpoint)) {
            uri = parseUri(endpoint.strip());
            source = "from --endpoint or IOTCORE_ENDPOINT";
        } else {
            Path ports = dataDir.resolve("ports.json");
            uri = URI.create("http://127.0.0.1:" + readHttpPort(ports));
            source = "from " + ports;
        }
        return new Endpoint(uri, blank(token) ? readToken() : token.strip(), source);
    }

    private static URI parseUri(String value) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UserException("invalid endpoint '" + value + "': expected http://HOST:PORT or https://HOST:PORT");
        }
    }

    private int readHttpPort(Path ports) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(Files.readString(ports));
        } catch (NoSuchFileException e) {
            throw new ConnectionException("cannot find " + ports + ", which a running iotcore server writes at start."
                    + " Is the server started, and is its data directory " + dataDir + "? Give --data-dir DIR"
                    + " (or IOTCORE_DATA_DIR), or --endpoint URL (or IOTCORE_ENDPOINT).");
        } catch (IOException e) {
            throw new ConnectionException("cannot read " + ports + ": " + e.getMessage());
        }
        JsonNode http = json == null ? null : json.get("http");
        if (http == null || !http.canConvertToInt() || http.asInt() <= 0) {
            throw new ConnectionException(ports + " names no HTTP port (expected {\"http\": PORT}); give --endpoint URL instead.");
        }
        return http.asInt();
    }

    private String readToken() {
        Path file = dataDir.resolve("admin-token");
        try {
            String value = Files.readString(file).strip();
            if (value.isEmpty()) {
                throw new UserException(file + " is empty; give --token TOKEN (or IOTCORE_TOKEN).");
            }
            return value;
        } catch (NoSuchFileException e) {
            throw new UserException("no token: --token and IOTCORE_TOKEN are not set and " + file + " does not exist."
                    + " Is the server started, and is its data directory " + dataDir + "? Give --data-dir DIR or --token TOKEN.");
        } catch (IOException e) {
            throw new UserException("cannot read the token from " + file + ": " + e.getMessage()
                    + "; give --token TOKEN (or IOTCORE_TOKEN).");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
