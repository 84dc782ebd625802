package iotcore.server.mqtt;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The service-written monitoring topic {@code $monitoring/<d>/json} (§3.8): scenario 43. The broker
 * writes it when the device connects, publishes or subscribes (docs/mqtt.md), with QoS 0. Also the
 * device's {@code monitoringData} in the FULL view once it has connected (scenario 18).
 */
interface MonitoringScenarios extends MqttFixture {

    @Test
    default void monitoringOfADeviceReachesRegistryAndFellowDeviceSubscribers() { // §8.43
        World w = world();
        String topic = "$monitoring/" + w.d1().id() + "/json";
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(topic);
        TestMqttClient fellow = mqtt().connect(w.d2()).subscribed(topic);

        TestMqttClient device = mqtt().connect(w.d1());
        device.publish(w.d1().topic("events"), unique("activity"));

        for (TestMqttClient subscriber : new TestMqttClient[] {registry, fellow}) {
            Message connected = subscriber.awaitMessage(m -> json(m).has("last_auth_time"),
                    "on " + topic + " with last_auth_time");
            Message published = subscriber.awaitMessage(m -> json(m).has("last_pub_activity_time"),
                    "on " + topic + " with last_pub_activity_time");
            for (Message m : new Message[] {connected, published}) {
                assertThat(m.topic()).isEqualTo(topic);
                assertThat(m.qos()).as("monitoring is delivered with QoS 0: %s", m).isZero();
                JsonNode json = json(m);
                assertThat(json.path("device_id").asText()).as("%s", json).isEqualTo(w.d1().id());
                assertThat(json.path("registry_id").asText()).as("%s", json).isEqualTo(w.r1().id());
                assertThat(Instant.parse(json.path("last_auth_time").asText())).isBeforeOrEqualTo(Instant.now());
                assertThat(json.path("last_auth_ip").asText()).as("%s", json).isEqualTo("127.0.0.1");
            }
            assertThat(Instant.parse(json(published).path("last_pub_activity_time").asText()))
                    .isAfterOrEqualTo(Instant.parse(json(published).path("last_auth_time").asText()));
            assertThat(subscriber.received()).allSatisfy(m -> assertThat(m.topic()).isEqualTo(topic));
        }
    }

    @Test
    default void deviceWatchesItselfThroughMeMonitoring() { // §3.7: $me/monitoring/json
        World w = world();
        TestMqttClient device = mqtt().connect(w.d1());
        assertThat(device.subscribe("$me/monitoring/json")).isEqualTo(1);

        device.publish(w.d1().topic("events"), unique("activity"));

        Message m = device.awaitMessage(message -> json(message).has("last_pub_activity_time"),
                "on $me/monitoring/json with last_pub_activity_time");
        assertThat(m.topic()).isEqualTo("$me/monitoring/json");
        assertThat(json(m).path("device_id").asText()).isEqualTo(w.d1().id());
    }

    @Test
    default void nobodyMayPublishToAMonitoringTopic() { // §8.43, §3.2: service-only
        World w = world();
        String topic = "$monitoring/" + w.d1().id() + "/json";
        TestMqttClient registry = mqtt().byPassword(w.r1()).connect().subscribed(topic);

        for (Identity who : new Identity[] {w.d1(), w.d2(), w.r1()}) {
            mqtt().connect(who).publishExpectingDisconnect(topic, "{\"device_id\": \"forged\"}");
        }
        mqtt().connect(w.d1()).publishExpectingDisconnect("$me/monitoring/json", "{\"device_id\": \"forged\"}");

        // barrier: monitoring written after the attempts arrives after anything they could have routed
        registry.clear();
        mqtt().connect(w.d1()).publish(w.d1().topic("events"), unique("activity"));
        registry.awaitMessage(m -> json(m).has("last_pub_activity_time"), "with last_pub_activity_time");
        assertThat(registry.received()).allSatisfy(m -> assertThat(m.text()).doesNotContain("forged"));
    }

    @Test
    default void fullDeviceViewShowsTheLastAuthenticationAfterTheDeviceConnected() { // §8.18, §1.3
        World w = world();
        Instant before = Instant.now().minusSeconds(1);
        TestMqttClient device = mqtt().connect(w.d1());
        device.publish(w.d1().topic("events"), unique("activity"));

        JsonNode data = awaitMonitoringData(w.d1(), "lastPubActivityTime");

        assertThat(data.path("lastAuthIp").asText()).as("%s", data).isEqualTo("127.0.0.1");
        assertThat(Instant.parse(data.path("lastAuthTime").asText())).as("%s", data).isAfter(before);
        assertThat(Instant.parse(data.path("lastPubActivityTime").asText())).as("%s", data).isAfter(before);
        assertThat(api().get(MqttApi.path(w.d1()) + "?deviceView=BASIC").json().has("monitoringData")).isFalse();

        device.disconnect();
        awaitMonitoringData(w.d1(), "lastDisconnectTime");
    }

    private JsonNode awaitMonitoringData(Identity device, String field) {
        long deadline = System.nanoTime() + MqttApi.EVENTUALLY.toNanos();
        JsonNode data;
        do {
            data = api().get(MqttApi.path(device) + "?deviceView=FULL").json().path("monitoringData");
            if (data.hasNonNull(field)) {
                return data;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("monitoringData." + field + " of " + device + " not set within "
                + MqttApi.EVENTUALLY + ": " + data);
    }

    private static JsonNode json(Message message) {
        try {
            return new ObjectMapper().readTree(message.payload());
        } catch (IOException e) {
            throw new AssertionError("monitoring payload is not JSON: " + message, e);
        }
    }
}
