package iotcore.server.mqtt;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * User topic aliases (§3.6) and the {@code $me} shortcuts of device sessions (§3.7): scenarios 41 and
 * 42. Permissions apply to the resolved topic; a subscriber receives messages under the name it
 * subscribed with (docs/mqtt.md "Topics and permissions").
 */
interface AliasScenarios extends MqttFixture {

    @Test
    default void devicePublishThroughItsAliasReachesTheCanonicalSubscriber() { // §8.41
        World w = world();
        Identity device = api().newDevice(w.r1(), "aliased", Map.of("my/alias/", "$devices/{id}/"));
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(device.topic("events"));

        String payload = unique("via-alias");
        mqtt().connect(device).publish("my/alias/events", payload);

        assertThat(registry.expectExactly(payload)).extracting(Message::topic).containsExactly(device.topic("events"));
    }

    @Test
    default void publishThroughAnAliasIsCheckedOnTheResolvedTopic() { // §3.6
        World w = world();
        Identity device = api().newDevice(w.r1(), "aliased", Map.of("my/alias/", "$devices/{id}/"));
        TestMqttClient commands = mqtt().byPassword(device).connect().subscribed(device.topic("commands"));

        mqtt().connect(device).publishExpectingDisconnect("my/alias/commands", unique("forbidden"));

        String sentinel = unique("sentinel");
        mqtt().connect(w.r1()).publish(device.topic("commands"), sentinel);
        commands.expectExactly(sentinel);
    }

    @Test
    default void aliasSubscriptionDeliversUnderTheAliasName() { // §3.6 (inferred), docs/mqtt.md
        World w = world();
        Identity device = api().newDevice(w.r1(), "aliased", Map.of("cmd/", "$devices/{id}/commands/"));
        TestMqttClient subscriber = mqtt().connect(device);
        assertThat(subscriber.subscribe("cmd/#")).isEqualTo(1);

        String payload = unique("lamp-on");
        mqtt().connect(w.r1()).publish(device.topic("commands/lamp"), payload);

        assertThat(subscriber.expectExactly(payload)).extracting(Message::topic).containsExactly("cmd/lamp");
    }

    @Test
    default void registryMayUseTheAliasesOfItsDevices() { // §3.6: "by device and registry clients (inferred)"
        World w = world();
        Identity device = api().newDevice(w.r1(), "aliased", Map.of("lamp/", "$devices/{id}/"));
        TestMqttClient deviceClient = mqtt().connect(device).subscribed(device.topic("commands"));
        TestMqttClient registry = mqtt().connect(w.r1());
        assertThat(registry.subscribe("lamp/events")).isEqualTo(1);

        String command = unique("command");
        registry.publish("lamp/commands", command);
        String event = unique("event");
        deviceClient.publish(device.topic("events"), event);

        assertThat(deviceClient.expectExactly(command)).extracting(Message::topic)
                .containsExactly(device.topic("commands"));
        assertThat(registry.expectExactly(event)).extracting(Message::topic).containsExactly("lamp/events");
    }

    @Test
    default void meTopicsResolveForTheDeviceAndDeliverUnderTheMeName() { // §8.42, §3.7
        World w = world();
        TestMqttClient d1 = mqtt().connect(w.d1());
        assertThat(d1.subscribe(1, "$me/device/commands", "$me/registry/commands")).containsExactly(1, 1);
        TestMqttClient d2 = mqtt().connect(w.d2());
        assertThat(d2.subscribe("$me/device/commands")).isEqualTo(1);
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));

        String command = unique("command");
        registry.publish(w.d1().topic("commands"), command);
        String broadcast = unique("broadcast");
        registry.publish(w.r1().topic("commands"), broadcast);
        String forD2 = unique("for-d2");
        registry.publish(w.d2().topic("commands"), forD2);
        String event = unique("event");
        d1.publish("$me/device/events", event);

        assertThat(d1.expectExactly(command, broadcast)).extracting(Message::topic)
                .containsExactlyInAnyOrder("$me/device/commands", "$me/registry/commands");
        assertThat(d2.expectExactly(forD2)).extracting(Message::topic).containsExactly("$me/device/commands");
        assertThat(registry.expectExactly(event)).extracting(Message::topic).containsExactly(w.d1().topic("events"));
    }

    @Test
    default void meStateIsStoredUnderTheCanonicalTopic() { // §3.7 with §3.4
        World w = world();
        String state = unique("state");
        mqtt().connect(w.d1()).publish("$me/device/state", state);

        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("state"));

        assertThat(registry.expectExactly(state)).extracting(Message::topic).containsExactly(w.d1().topic("state"));
    }

    @Test
    default void mePublishIsCheckedOnTheResolvedTopic() { // §3.7: $me/device/commands is not writable by the device
        World w = world();
        TestMqttClient commands = mqtt().byPassword(w.d1()).connect().subscribed(w.d1().topic("commands"));

        mqtt().connect(w.d1()).publishExpectingDisconnect("$me/device/commands", unique("forbidden"));

        String sentinel = unique("sentinel");
        mqtt().connect(w.r1()).publish(w.d1().topic("commands"), sentinel);
        commands.expectExactly(sentinel);
    }
}
