package iotcore.server.mqtt;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient;
import iotcore.testkit.ApiClient.Response;
import iotcore.testkit.mqtt.TestMqttClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connection logs (§7.2, docs/mqtt.md "Connection logs") read through
 * {@code GET /iot-devices/v1/{devices|registries}/{id}/logs}, and the {@code iot_registry_connections}
 * gauge of {@code GET /metrics}: scenario 55.
 */
interface ConnectionLogScenarios extends MqttFixture {

    @Test
    default void certificateConnectionIsLoggedWithFingerprintAddressAndClientId() { // §8.55
        World w = world();
        String clientId = unique("cid");

        TestMqttClient device = mqtt().byCertificate(w.d1()).clientId(clientId).connect();

        JsonNode entry = api().awaitLog(w.d1(), "connected, cert: \"" + w.d1().certificate().sha1Fingerprint()
                + "\", address: \"127.0.0.1:" + device.localPort() + "\", clientID: \"" + clientId + "\"");
        assertWellFormed(entry);
        api().awaitRegistryConnections(w.r1().id(), 1);
    }

    @Test
    default void passwordConnectionsAreLoggedWithTheLoginInTheLogOfTheirIdentity() { // §7.2 (inferred login:)
        World w = world();
        String deviceClientId = unique("dev-cid");
        String registryClientId = unique("reg-cid");
        String registryCertClientId = unique("rcert-cid");

        TestMqttClient device = mqtt().byPassword(w.d1()).clientId(deviceClientId).connect();
        TestMqttClient registry = mqtt().byPassword(w.r1()).clientId(registryClientId).connect();
        TestMqttClient registryByCert = mqtt().byCertificate(w.r1()).clientId(registryCertClientId).connect();

        assertWellFormed(api().awaitLog(w.d1(), "connected, login: \"" + w.d1().id() + "\", address: \"127.0.0.1:"
                + device.localPort() + "\", clientID: \"" + deviceClientId + "\""));
        assertWellFormed(api().awaitLog(w.r1(), "connected, login: \"" + w.r1().id() + "\", address: \"127.0.0.1:"
                + registry.localPort() + "\", clientID: \"" + registryClientId + "\""));
        assertWellFormed(api().awaitLog(w.r1(), "connected, cert: \"" + w.r1().certificate().sha1Fingerprint()
                + "\", address: \"127.0.0.1:" + registryByCert.localPort() + "\", clientID: \""
                + registryCertClientId + "\""));
        assertThat(api().logMessages(w.d1())).as("a device log holds only what happened under the device")
                .noneMatch(m -> m.contains(registryClientId) || m.contains(registryCertClientId));
        assertThat(api().logMessages(w.d2())).isEmpty();
    }

    @Test
    default void passwordWinsInTheLogToo() { // §8.25 with §7.2: identity = the username's entity
        World w = world();
        String clientId = unique("mixed");

        TestMqttClient mixed = mqtt().byCertificate(w.d1()).credentials(w.d2().id(), w.d2().password())
                .clientId(clientId).connect();

        api().awaitLog(w.d2(), "connected, login: \"" + w.d2().id() + "\", address: \"127.0.0.1:"
                + mixed.localPort() + "\", clientID: \"" + clientId + "\"");
        assertThat(api().logMessages(w.d1())).noneMatch(m -> m.contains(clientId));
    }

    @Test
    default void disconnectsAreLoggedWithTheirReason() { // §7.2, docs/mqtt.md
        World w = world();

        mqtt().connect(w.d1()).disconnect();
        mqtt().connect(w.d2()).drop();

        api().awaitLog(w.d1(), "disconnected: client disconnected");
        api().awaitLog(w.d2(), "disconnected: connection lost");
        assertThat(api().logMessages(w.d1())).doesNotContain("disconnected: connection lost");
        assertThat(api().logMessages(w.d2())).doesNotContain("disconnected: client disconnected");

        String clientId = unique("takeover");
        TestMqttClient older = mqtt().byCertificate(w.d3()).clientId(clientId).connect();
        TestMqttClient newer = mqtt().byCertificate(w.d3()).clientId(clientId).connect();
        older.awaitConnectionLost();
        api().awaitLogEntry(w.d3(), m -> m.startsWith("disconnected: ")
                && !m.equals("disconnected: client disconnected") && !m.equals("disconnected: connection lost"),
                "'disconnected: <reason>' for the taken-over connection");
        newer.assertConnected();
    }

    @Test
    default void logsArePagedOldestFirstAndCanBeFollowedAfterAnEntry() { // docs/mqtt.md "Connection logs"
        World w = world();
        for (int i = 0; i < 3; i++) {
            mqtt().connect(w.d1()).disconnect();
        }
        long deadline = System.nanoTime() + MqttApi.EVENTUALLY.toNanos();
        while (api().logEntries(w.d1()).size() < 6 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        List<JsonNode> all = api().logEntries(w.d1());
        assertThat(all).as("3 × connected + disconnected").hasSize(6);
        all.forEach(ConnectionLogScenarios::assertWellFormed);
        assertThat(all).extracting(e -> e.path("id").asText()).doesNotHaveDuplicates();
        for (int i = 1; i < all.size(); i++) {
            assertThat(time(all.get(i))).as("oldest first").isAfterOrEqualTo(time(all.get(i - 1)));
        }
        assertThat(all.get(0).path("message").asText()).startsWith("connected, cert: ");
        assertThat(all.get(1).path("message").asText()).isEqualTo("disconnected: client disconnected");

        Response first = api().logs(w.d1(), "?pageSize=2");
        assertThat(ids(first)).containsExactly(id(all.get(0)), id(all.get(1)));
        String token = first.path("nextPageToken").asText();
        assertThat(token).as("nextPageToken of a non-last page: %s", first).isNotEmpty();
        Response second = api().logs(w.d1(), "?pageSize=2&pageToken=" + ApiClient.encode(token));
        assertThat(ids(second)).containsExactly(id(all.get(2)), id(all.get(3)));
        Response third = api().logs(w.d1(), "?pageSize=2&pageToken="
                + ApiClient.encode(second.path("nextPageToken").asText()));
        assertThat(ids(third)).containsExactly(id(all.get(4)), id(all.get(5)));
        assertThat(third.path("nextPageToken").asText()).as("last page: %s", third).isEmpty();

        Response after = api().logs(w.d1(), "?after=" + ApiClient.encode(id(all.get(3))));
        assertThat(ids(after)).as("after is exclusive").containsExactly(id(all.get(4)), id(all.get(5)));
        Response since = api().logs(w.d1(), "?since=" + ApiClient.encode(all.get(2).path("time").asText()));
        assertThat(ids(since)).as("since is inclusive").contains(id(all.get(2)), id(all.get(5)))
                .doesNotContain(id(all.get(0)));
        for (JsonNode entry : since.json().path("logs")) {
            assertThat(time(entry)).isAfterOrEqualTo(time(all.get(2)));
        }
        assertThat(api().logs(w.d1(), "?pageSize=1001").status()).as("pageSize above 1000").isEqualTo(400);
    }

    @Test
    default void registryLogPagesLikeTheDeviceLog() { // docs/mqtt.md: the registry log has the same shape
        World w = world();
        mqtt().byPassword(w.r1()).connect().disconnect();

        api().awaitLog(w.r1(), "disconnected: client disconnected");

        Response page = api().logs(w.r1(), "?pageSize=1");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("logs")).hasSize(1);
        assertThat(page.json().path("logs").get(0).path("message").asText()).startsWith("connected, login: ");
        assertThat(page.path("nextPageToken").asText()).isNotEmpty();
    }

    @Test
    default void logsAreReadOnlyByRolesThatMayReadDevicesAndRegistries() { // docs/mqtt.md, rest-api.md roles
        World w = world();
        mqtt().connect(w.d1()).disconnect();
        api().awaitLog(w.d1(), "disconnected: client disconnected");

        assertThat(api().logs(w.d1(), "").status()).as("admin on a device log").isEqualTo(200);
        assertThat(api().logs(w.r1(), "").status()).as("admin on a registry log").isEqualTo(200);
        for (String role : List.of("viewer", "editor")) {
            MqttApi reader = api().as(api().newToken(role, w.folderId()));
            assertThat(reader.logs(w.d1(), "").status()).as(role + " on a device log").isEqualTo(200);
            assertThat(reader.logs(w.r1(), "").status()).as(role + " on a registry log").isEqualTo(200);
        }
        for (String role : List.of("devices.writer", "registries.writer")) {
            Response denied = api().as(api().newToken(role, w.folderId())).logs(w.d1(), "");
            assertThat(denied.status()).as(role + ": %s", denied).isEqualTo(403);
            assertThat(denied.path("code").asInt()).isEqualTo(7);
        }
        Response otherFolder = api().as(api().newToken("viewer", api().newFolder())).logs(w.d1(), "");
        assertThat(otherFolder.status()).as("a viewer of another folder: %s", otherFolder).isEqualTo(403);
        Response anonymous = api().as(null).logs(w.d1(), "");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.path("code").asInt()).isEqualTo(16);
        Response unknown = api().get(MqttApi.DEVICES + "/devices/zz" + w.d1().id().substring(2) + "/logs");
        assertThat(unknown.status()).as("unknown device: %s", unknown).isEqualTo(404);
        assertThat(unknown.path("code").asInt()).isEqualTo(5);
    }

    @Test
    default void registryConnectionsGaugeCountsLiveDeviceConnections() { // §8.55, §7.1, docs/mqtt.md "Metrics"
        World w = world();
        TestMqttClient d1 = mqtt().connect(w.d1());
        TestMqttClient d2 = mqtt().byPassword(w.d2()).connect();
        mqtt().connect(w.r1()); // a registry connection is not a device connection
        mqtt().connect(w.d3());

        api().awaitRegistryConnections(w.r1().id(), 2);
        api().awaitRegistryConnections(w.r2().id(), 1);

        d2.disconnect();
        api().awaitRegistryConnections(w.r1().id(), 1);
        assertThat(d1.isConnected()).isTrue();
    }

    private static void assertWellFormed(JsonNode entry) {
        assertThat(entry.path("id").isTextual()).as("id is a string: %s", entry).isTrue();
        assertThat(entry.path("id").asText()).as("id: %s", entry).isNotBlank();
        assertThat(entry.path("time").asText()).as("time in UTC: %s", entry).endsWith("Z");
        assertThat(time(entry)).as("time: %s", entry).isBeforeOrEqualTo(Instant.now());
        assertThat(entry.path("level").asText()).as("level: %s", entry).isIn("INFO", "WARN", "ERROR");
    }

    private static Instant time(JsonNode entry) {
        return Instant.parse(entry.path("time").asText());
    }

    private static String id(JsonNode entry) {
        return entry.path("id").asText();
    }

    private static List<String> ids(Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().path("logs").forEach(entry -> ids.add(id(entry)));
        return ids;
    }
}
