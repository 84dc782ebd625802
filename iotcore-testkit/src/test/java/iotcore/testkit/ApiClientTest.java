package iotcore.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ApiClientTest {

    private HttpServer server;
    private ApiClient client;

    @BeforeEach
    void startEchoServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String json = ApiClient.JSON.writeValueAsString(Map.of(
                    "method", exchange.getRequestMethod(),
                    "uri", exchange.getRequestURI().toString(),
                    "auth", auth == null ? "" : auth,
                    "body", body));
            byte[] bytes = exchange.getRequestURI().getPath().equals("/text")
                    ? "not json".getBytes(StandardCharsets.UTF_8)
                    : json.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        client = new ApiClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "tok");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsBearerTokenAndJsonBody() {
        ApiClient.Response response = client.patch("/things/1", Map.of("name", "x"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.path("method").asText()).isEqualTo("PATCH");
        assertThat(response.path("auth").asText()).isEqualTo("Bearer tok");
        assertThat(response.path("body").asText()).isEqualTo("{\"name\":\"x\"}");
    }

    @Test
    void withoutTokenSendsNoAuthorizationHeader() {
        assertThat(client.withToken(null).get("/a").path("auth").asText()).isEmpty();
    }

    @Test
    void returnsErrorStatusesAndNonJsonBodies() {
        assertThat(client.delete("/missing").status()).isEqualTo(404);
        ApiClient.Response text = client.get("/text");
        assertThat(text.text()).isEqualTo("not json");
        assertThat(text.json().isMissingNode()).isTrue();
    }

    @Test
    void encodesQueryValues() {
        String path = "/q?name=" + ApiClient.encode("a b&c=d");
        assertThat(client.get(path).path("uri").asText()).isEqualTo("/q?name=a%20b%26c%3Dd");
    }

    @Test
    void sendsRawBodiesVerbatim() {
        ApiClient.Response response = client.sendRaw("POST", "/raw", "application/json", "{\"broken\": ");
        assertThat(response.path("body").asText()).isEqualTo("{\"broken\": ");
    }
}
