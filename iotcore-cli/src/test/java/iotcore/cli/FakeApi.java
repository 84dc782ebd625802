package iotcore.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in REST server on 127.0.0.1 port 0: answers canned JSON per "METHOD /path?query" and records every
 * request, so tests can check exactly what the CLI sends. Unknown routes answer 404 with a {code, message} body.
 */
public final class FakeApi implements AutoCloseable {

    public static final String TOKEN = "test-token";

    public record Request(String method, String uri, String authorization, String contentType, String body) {
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();

    public FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @param route e.g. {@code "GET /iot-devices/v1/registries?folderId=default&pageSize=1000"} */
    public FakeApi answer(String route, int status, String body) {
        answers.put(route, new Answer(status, body));
        return this;
    }

    public FakeApi answer(String route, String body) {
        return answer(route, 200, body);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The connection flags every API command of a test needs. */
    public String[] flags(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--endpoint";
        all[args.length + 1] = endpoint();
        all[args.length + 2] = "--token";
        all[args.length + 3] = TOKEN;
        return all;
    }

    public CliRun run(String... args) {
        return CliRun.of(flags(args));
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public Request last() {
        List<Request> all = requests();
        return all.get(all.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String uri = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        synchronized (this) {
            requests.add(new Request(exchange.getRequestMethod(), uri,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
        }
        Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + uri,
                new Answer(404, "{\"code\":5,\"message\":\"no route " + uri + "\"}"));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
