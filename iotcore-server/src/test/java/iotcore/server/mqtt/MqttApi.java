package iotcore.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient;
import iotcore.testkit.ApiClient.Response;
import iotcore.testkit.TestCertificate;
import iotcore.testkit.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The REST API as the broker suites use it: making worlds of registries and devices with
 * credentials, changing them under live connections, reading connection logs and metrics, and
 * data-plane publish. Every answer passes a sanity check (never a 5xx); creation helpers assert success.
 */
public final class MqttApi {

    public static final String DEVICES = "/iot-devices/v1";
    public static final String ADMIN = "/iotcore/v1";
    /** How long a log line or a metric may take to show up. */
    public static final Duration EVENTUALLY = Duration.ofSeconds(10);

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final ApiClient client;

    public MqttApi(ApiClient client) {
        this.client = client;
    }

    /** The same server with another bearer token ({@code null}: none). */
    public MqttApi as(String token) {
        return new MqttApi(client.withToken(token));
    }

    public ApiClient client() {
        return client;
    }

    public Response get(String path) {
        return sane(client.get(path));
    }

    public Response post(String path, Object body) {
        return sane(client.post(path, body));
    }

    public Response delete(String path) {
        return sane(client.delete(path));
    }

    public static Response sane(Response response) {
        assertThat(response.status()).as("no 5xx: %s", response).isLessThan(500);
        return response;
    }

    /** {@code <prefix>-<n>-<6 hex>}: unique in this JVM, valid as a name, folder id or payload. */
    public static String unique(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    }

    /** A password the API accepts (≥ 14 characters, 4 classes), different every call. */
    public static String newPassword() {
        return "Pw-" + unique("Secret") + "x9";
    }

    public static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }

    /** Asserts a completed, successful Operation and returns it. */
    public static JsonNode done(Response response) {
        assertThat(response.status()).as("operation answer: %s", response).isEqualTo(200);
        assertThat(response.path("done").asBoolean()).as("done=true: %s", response).isTrue();
        assertThat(response.json().has("error")).as("no error: %s", response).isFalse();
        return response.json();
    }

    // --- worlds ------------------------------------------------------------------------------------

    public String newFolder() {
        String id = unique("f");
        Response response = post(ADMIN + "/folders", body("id", id, "description", "broker acceptance test"));
        assertThat(response.status()).as("create folder: %s", response).isBetween(200, 201);
        return id;
    }

    /** A token with this role for this folder; returns the secret. */
    public String newToken(String role, String folderId) {
        Response response = post(ADMIN + "/tokens",
                body("role", role, "folderId", folderId, "description", "broker test " + role));
        assertThat(response.status()).as("create token: %s", response).isBetween(200, 201);
        return response.path("token").asText();
    }

    /** R1 {D1, D2} and R2 {D3} in a new folder; see {@link World}. */
    public World newWorld() {
        String folder = newFolder();
        Identity r1 = newRegistry(folder, "r1");
        Identity r2 = newRegistry(folder, "r2");
        return new World(folder, r1, newDevice(r1, "d1"), newDevice(r1, "d2"), r2, newDevice(r2, "d3"));
    }

    /** A registry with one certificate and one password. */
    public Identity newRegistry(String folderId, String label) {
        Response created = post(DEVICES + "/registries", body("folderId", folderId, "name", unique(label)));
        String id = done(created).path("response").path("id").asText();
        assertThat(id).as("registry id: %s", created).isNotBlank();
        return credentials(Identity.Kind.REGISTRY, label, id, id);
    }

    public Identity newDevice(Identity registry, String label) {
        return newDevice(registry, label, Map.of());
    }

    /**
     * A device with one certificate (self-signed, CN=localhost, as the vendor's docs make them) and
     * one password; {@code aliases} may use {@code {id}} in their prefixes.
     */
    public Identity newDevice(Identity registry, String label, Map<String, String> aliases) {
        Map<String, Object> request = body("registryId", registry.id(), "name", label);
        if (!aliases.isEmpty()) {
            request.put("topicAliases", aliases);
        }
        Response created = post(DEVICES + "/devices", request);
        String id = done(created).path("response").path("id").asText();
        assertThat(id).as("device id: %s", created).isNotBlank();
        return credentials(Identity.Kind.DEVICE, label, id, registry.id());
    }

    private Identity credentials(Identity.Kind kind, String label, String id, String registryId) {
        Identity bare = new Identity(kind, label, id, registryId, null, null, null);
        TestCertificate certificate = addCertificate(bare, TestPki.selfSigned("localhost"));
        String password = newPassword();
        String passwordId = addPassword(bare, password);
        return new Identity(kind, label, id, registryId, certificate, password, passwordId);
    }

    public static String path(Identity who) {
        return DEVICES + (who.isDevice() ? "/devices/" : "/registries/") + who.id();
    }

    public TestCertificate addCertificate(Identity owner, TestCertificate certificate) {
        done(post(path(owner) + "/certificates", body("certificateData", certificate.certificatePem())));
        return certificate;
    }

    /** Adds a password; returns its id. */
    public String addPassword(Identity owner, String password) {
        JsonNode op = done(post(path(owner) + "/passwords", body("password", password)));
        String passwordId = op.path("metadata").path("passwordId").asText();
        assertThat(passwordId).as("passwordId of %s", op).isNotBlank();
        return passwordId;
    }

    public void deleteCertificate(Identity owner, TestCertificate certificate) {
        done(delete(path(owner) + "/certificates/" + certificate.sha1Fingerprint()));
    }

    public void deletePassword(Identity owner, String passwordId) {
        done(delete(path(owner) + "/passwords/" + passwordId));
    }

    public void deleteDevice(Identity device) {
        done(delete(path(device)));
    }

    public void disableRegistry(Identity registry) {
        done(post(path(registry) + ":disable", null));
    }

    public void enableRegistry(Identity registry) {
        done(post(path(registry) + ":enable", null));
    }

    public String registryStatus(Identity registry) {
        Response response = get(path(registry));
        assertThat(response.status()).as("get registry: %s", response).isEqualTo(200);
        return response.path("status").asText();
    }

    // --- connection logs -------------------------------------------------------------------------

    /** One page of the connection log of a device or registry; {@code query} like {@code "?pageSize=5"}. */
    public Response logs(Identity who, String query) {
        return get(path(who) + "/logs" + query);
    }

    /** Every entry of the log, oldest first (one page of up to 1000). */
    public List<JsonNode> logEntries(Identity who) {
        Response response = logs(who, "?pageSize=1000");
        assertThat(response.status()).as("read log: %s", response).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        response.path("logs").forEach(entries::add);
        return entries;
    }

    public List<String> logMessages(Identity who) {
        return logEntries(who).stream().map(entry -> entry.path("message").asText()).toList();
    }

    /** Waits until the log of {@code who} has an entry whose message matches; returns the entry. */
    public JsonNode awaitLogEntry(Identity who, Predicate<String> message, String description) {
        long deadline = System.nanoTime() + EVENTUALLY.toNanos();
        List<String> seen = List.of();
        while (System.nanoTime() < deadline) {
            for (JsonNode entry : logEntries(who)) {
                if (message.test(entry.path("message").asText())) {
                    return entry;
                }
            }
            seen = logMessages(who);
            pause();
        }
        throw new AssertionError("no log entry " + description + " for " + who + " within " + EVENTUALLY
                + "; the log has " + seen);
    }

    /** Waits for an entry with exactly this message. */
    public JsonNode awaitLog(Identity who, String exactMessage) {
        return awaitLogEntry(who, exactMessage::equals, "'" + exactMessage + "'");
    }

    // --- data plane --------------------------------------------------------------------------------

    /** {@code POST .../devices/{id}/publish} or {@code .../registries/{id}/publish} with this client's token. */
    public Response publish(Identity as, String topic, byte[] data) {
        return post(path(as) + "/publish", body("topic", topic, "data", Base64.getEncoder().encodeToString(data)));
    }

    // --- metrics -----------------------------------------------------------------------------------

    /** {@code GET /metrics} without a token (loopback), as Prometheus would scrape it. */
    public String metrics() {
        URI uri = URI.create(client.baseUri().toString().replaceAll("/+$", "") + "/metrics");
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                            .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1").GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).as("GET /metrics: %s", response.body()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET /metrics failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The value of {@code iot_registry_connections} for this registry, or -1 when there is no such
     * series. Accepts Prometheus text with the labels in any order and any other labels.
     */
    public double registryConnections(String registryId) {
        return registryMetric("iot_registry_connections", registryId);
    }

    /**
     * The value of the series {@code name{registry="<registryId>"}} (other labels allowed, in any
     * order), or -1 when there is no such series, e.g. {@code iot_session_queue_rejected_total}.
     */
    public double registryMetric(String name, String registryId) {
        String label = "registry=\"" + registryId + "\"";
        for (String line : metrics().split("\n")) {
            if (line.startsWith(name + "{")) {
                int close = line.indexOf('}');
                String labels = line.substring(name.length() + 1, close);
                if (("," + labels + ",").contains("," + label + ",")) {
                    return Double.parseDouble(line.substring(close + 1).trim().split("\\s+")[0]);
                }
            }
        }
        return -1;
    }

    /** Waits until the gauge for this registry has this value. */
    public void awaitRegistryConnections(String registryId, double expected) {
        long deadline = System.nanoTime() + EVENTUALLY.toNanos();
        double value = registryConnections(registryId);
        while (value != expected && System.nanoTime() < deadline) {
            pause();
            value = registryConnections(registryId);
        }
        assertThat(value).as("iot_registry_connections{registry=\"%s\"} in GET /metrics", registryId)
                .isEqualTo(expected);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
