package iotcore.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small JSON-over-HTTP client for tests: every call has a timeout, sends the bearer token (when
 * one is set) and returns the status with the parsed body, whatever the status.
 */
public final class ApiClient {

    /** One HTTP answer. {@link #json()} is a {@link MissingNode} when the body is not JSON. */
    public record Response(String method, String path, int status, String text, JsonNode json, HttpHeaders headers) {

        public JsonNode path(String field) {
            return json.path(field);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            String body = text.length() > 2000 ? text.substring(0, 2000) + "...(" + text.length() + " chars)" : text;
            return method + " " + path + " -> " + status + " " + body;
        }
    }

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI baseUri;
    private final String token;
    private final String authorization;
    private final Duration timeout;

    public ApiClient(URI baseUri, String token) {
        this(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build(), baseUri, token, token == null ? null : "Bearer " + token, DEFAULT_TIMEOUT);
    }

    private ApiClient(HttpClient http, URI baseUri, String token, String authorization, Duration timeout) {
        this.http = http;
        this.baseUri = baseUri;
        this.token = token;
        this.authorization = authorization;
        this.timeout = timeout;
    }

    /** The same server with another bearer token ({@code null}: no Authorization header). */
    public ApiClient withToken(String otherToken) {
        return new ApiClient(http, baseUri, otherToken, otherToken == null ? null : "Bearer " + otherToken, timeout);
    }

    /** The same server sending this exact Authorization header value (e.g. a Basic credential). */
    public ApiClient withAuthorization(String headerValue) {
        return new ApiClient(http, baseUri, null, headerValue, timeout);
    }

    public ApiClient withTimeout(Duration otherTimeout) {
        return new ApiClient(http, baseUri, token, authorization, otherTimeout);
    }

    public URI baseUri() {
        return baseUri;
    }

    public String token() {
        return token;
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** POST with a JSON body serialised by Jackson; {@code null} sends an empty body. */
    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Response delete(String path, Object body) {
        return send("DELETE", path, body);
    }

    /** Any method with a Jackson-serialised body (or none). */
    public Response send(String method, String path, Object body) {
        if (body == null) {
            return sendRaw(method, path, null, (byte[]) null);
        }
        try {
            return sendRaw(method, path, "application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body", e);
        }
    }

    /** Any method with exactly these body bytes, e.g. malformed JSON. */
    public Response sendRaw(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(method, path, response.statusCode(), response.body(), parse(response.body()),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    public Response sendRaw(String method, String path, String contentType, String body) {
        return sendRaw(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** URL-encodes one query parameter value. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI resolve(String path) {
        return URI.create(baseUri.toString().replaceAll("/+$", "") + (path.startsWith("/") ? path : "/" + path));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException notJson) {
            return MissingNode.getInstance();
        }
    }
}
