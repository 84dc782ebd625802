package iotcore.api.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import iotcore.api.access.Authenticator;
import iotcore.api.access.Guard;
import iotcore.model.access.ApiToken;
import iotcore.model.error.Code;
import iotcore.model.error.ServiceException;
import iotcore.storage.jdbc.StorageException;
import iotcore.storage.jdbc.UniqueViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The management API over the JDK HTTP server, one virtual thread per request. Every answer is JSON;
 * whatever a handler throws becomes a google.rpc.Status error, and an unexpected failure is logged with
 * an incident id that the (stack-trace-free) answer repeats.
 */
public final class ApiServer implements AutoCloseable {
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Router router;
    private final Authenticator authenticator;
    private final Supplier<String> metrics;

    private ApiServer(HttpServer server, ExecutorService executor, Router router, Authenticator authenticator,
                      Supplier<String> metrics) {
        this.server = server;
        this.executor = executor;
        this.router = router;
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    /** {@code metrics}: the Prometheus text served on {@code GET /metrics} without a token. */
    public static ApiServer start(InetSocketAddress address, Router router, Authenticator authenticator,
                                  Supplier<String> metrics) throws IOException {
        HttpServer server = HttpServer.create(address, 256);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        ApiServer api = new ApiServer(server, executor, router, authenticator, metrics);
        server.createContext("/metrics", api::metrics);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void metrics(HttpExchange exchange) {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/metrics") || !exchange.getRequestMethod().equals("GET")) {
                write(exchange, ErrorJson.of(404, Code.NOT_FOUND, "no such API path", List.of()));
                return;
            }
            byte[] bytes = metrics.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException | RuntimeException e) {
            log.warn("metrics_failed: {}", e.toString());
        }
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Response response;
        try {
            response = dispatch(exchange, method, path);
        } catch (ServiceException e) {
            response = ErrorJson.of(e);
        } catch (UniqueViolationException e) {
            response = ErrorJson.of(new ServiceException(Code.ALREADY_EXISTS,
                    "already exists: another resource has the same name, id or certificate"));
        } catch (StorageException e) {
            String incident = UUID.randomUUID().toString();
            log.error("api_storage_error incident={} method={} path={}", incident, method, path, e);
            response = ErrorJson.of(new ServiceException(Code.UNAVAILABLE,
                    "the database is unavailable; try again (incident " + incident + ")"));
        } catch (RuntimeException | Error e) {
            String incident = UUID.randomUUID().toString();
            log.error("api_internal_error incident={} method={} path={}", incident, method, path, e);
            response = ErrorJson.of(new ServiceException(Code.INTERNAL, "internal error (incident " + incident + ")"));
        }
        try {
            write(exchange, response);
        } catch (IOException e) {
            log.debug("api_write_failed method={} path={}: {}", method, path, e.toString());
        } finally {
            exchange.close();
        }
        log.info("api_request method={} path={} status={} ms={}", method, path, response.status(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private Response dispatch(HttpExchange exchange, String method, String path) {
        ApiToken token = authenticator.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        Router.Miss[] miss = new Router.Miss[1];
        var match = router.match(method, path, miss);
        if (match.isEmpty()) {
            if (miss[0] == Router.Miss.METHOD_NOT_ALLOWED) {
                return ErrorJson.of(405, Code.NOT_IMPLEMENTED, "method " + method + " is not supported on " + path, List.of());
            }
            return ErrorJson.of(404, Code.NOT_FOUND, "no such API path: " + clip(path), List.of());
        }
        int limit = match.get().maxBodyBytes();
        if (limit > MAX_BODY_BYTES) {
            Guard.isAdmin(token); // only an administrator may make the server read a large body
        }
        byte[] body = readBody(exchange, limit);
        if (body == null) {
            return ErrorJson.of(413, Code.INVALID_ARGUMENT, "request body is larger than " + limit + " bytes", List.of());
        }
        Request request = new Request(method, path, match.get().params(), query(exchange.getRequestURI().getRawQuery()),
                body, token, String.valueOf(exchange.getRemoteAddress()));
        return match.get().handler().handle(request);
    }

    /** The body, or null when it is over the limit (checked on the header first, then while reading). */
    private static byte[] readBody(HttpExchange exchange, int limit) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    return null;
                }
            } catch (NumberFormatException e) {
                throw ServiceException.invalid("Content-Length", "is not a number");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(limit + 1);
            return bytes.length > limit ? null : bytes;
        } catch (IOException e) {
            throw ServiceException.invalid("body", "could not be read: " + e.getMessage());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                throw ServiceException.invalid("query", "malformed percent-encoding in \"" + clip(pair) + "\"");
            }
        }
        return out;
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        byte[] bytes = Json.write(response.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }

    @Override
    public void close() {
        server.stop(1);
        executor.close();
    }
}
