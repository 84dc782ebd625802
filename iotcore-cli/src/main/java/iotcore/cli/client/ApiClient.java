package iotcore.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Thin JSON-over-HTTP client of the REST API; every failure becomes an {@link ApiException} or {@link ConnectionException}. */
public final class ApiClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Endpoint endpoint;
    private final HttpClient http;

    public ApiClient(Endpoint endpoint) {
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with a plain-HTTP server
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    public JsonNode get(String path, Map<String, String> query) {
        return send("GET", path + queryString(query), null);
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    /** A POST that may take long (an import of tens of thousands of devices). */
    public JsonNode post(String path, JsonNode body, Duration timeout) {
        return send("POST", path, body, timeout);
    }

    public JsonNode patch(String path, JsonNode body) {
        return send("PATCH", path, body);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** Query parameters in the given order ({@code key, value, key, value...}); empty values are left out when sent. */
    public static Map<String, String> query(String... keysAndValues) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            query.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return query;
    }

    /** Encodes one path segment (ids and fingerprints are plain, but names typed by users may not be). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String pathAndQuery, JsonNode body) {
        return send(method, pathAndQuery, body, REQUEST_TIMEOUT);
    }

    private JsonNode send(String method, String pathAndQuery, JsonNode body, Duration timeout) {
        URI uri = URI.create(stripSlash(endpoint.uri().toString()) + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + endpoint.token());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while waiting for " + endpoint.uri());
        }
        return decode(response);
    }

    private static JsonNode decode(HttpResponse<String> response) {
        String text = response.body();
        JsonNode json = parse(text);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return json == null ? MissingNode.getInstance() : json;
        }
        if (json != null && json.hasNonNull("message")) {
            throw new ApiException(status, json.path("code").asInt(0), json.get("message").asText(), violations(json));
        }
        String firstLine = text == null || text.isBlank() ? "" : ": " + text.strip().lines().findFirst().orElse("");
        throw new ApiException(status, 0, "HTTP " + status + firstLine);
    }

    private static List<ApiException.Violation> violations(JsonNode error) {
        List<ApiException.Violation> out = new ArrayList<>();
        for (JsonNode detail : error.path("details")) {
            for (JsonNode v : detail.path("fieldViolations")) {
                out.add(new ApiException.Violation(v.path("field").asText(), v.path("description").asText()));
            }
        }
        return out;
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private ConnectionException unreachable(IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ConnectionException("cannot reach the iotcore server at " + endpoint.uri()
                + " (" + endpoint.source() + "): " + reason + ". Is the server running? Point the CLI elsewhere"
                + " with --endpoint URL (or IOTCORE_ENDPOINT), or with --data-dir DIR of the running server.");
    }

    private static String queryString(Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&", "?", "");
        joined.setEmptyValue("");
        query.forEach((key, value) -> {
            if (value != null && !value.isEmpty()) {
                joined.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return joined.toString();
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
