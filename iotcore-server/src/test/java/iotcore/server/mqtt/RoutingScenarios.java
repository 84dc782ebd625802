package iotcore.server.mqtt;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who receives what: scenarios 27–36 (§3.1, §3.3, §3.5), and the refusals of 31–33 with their log
 * lines. "Receives nothing" is always proven with a sentinel the subscriber must receive after the
 * message it must not ({@link TestMqttClient#expectExactly}).
 */
interface RoutingScenarios extends MqttFixture {

    @Test
    default void deviceEventReachesTheRegistryUnderItsOwnTopicName() { // §8.27
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1());
        assertThat(registry.subscribe(1, w.d1().topic("events"), w.r1().topic("events"))).containsExactly(1, 1);
        TestMqttClient device = mqtt().connect(w.d1());

        String t1 = unique("t1");
        device.publish(w.d1().topic("events"), t1); // waits for the PUBACK
        String sentinel = unique("sentinel");
        device.publish(w.r1().topic("events"), sentinel);

        List<Message> received = registry.expectExactly(t1, sentinel);
        assertThat(received).filteredOn(m -> m.text().equals(t1)).singleElement().satisfies(m -> {
            assertThat(m.topic()).isEqualTo(w.d1().topic("events"));
            assertThat(m.qos()).isEqualTo(1);
        });
    }

    @Test
    default void deviceMessageToItsRegistryTopicReachesOnlyRegistryTopicSubscribers() { // §8.28
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1());
        assertThat(registry.subscribe(1, w.r1().topic("events"), "$devices/+/events")).containsExactly(1, 1);
        TestMqttClient device = mqtt().connect(w.d1());

        String toRegistry = unique("to-registry");
        device.publish(w.r1().topic("events"), toRegistry);
        String sentinel = unique("sentinel");
        device.publish(w.d1().topic("events"), sentinel);

        List<Message> received = registry.expectExactly(toRegistry, sentinel);
        assertThat(received).filteredOn(m -> m.text().equals(toRegistry)).extracting(Message::topic)
                .containsExactly(w.r1().topic("events"));
        assertThat(received).filteredOn(m -> m.text().equals(sentinel)).extracting(Message::topic)
                .containsExactly(w.d1().topic("events"));
    }

    @Test
    default void stateIsNotDeliveredToEventsSubscribers() { // §3.1: events and state are distinct topics
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));
        TestMqttClient device = mqtt().connect(w.d1());

        device.publish(w.d1().topic("state"), unique("state"));
        String sentinel = unique("sentinel");
        device.publish(w.d1().topic("events"), sentinel);

        registry.expectExactly(sentinel);
    }

    @Test
    default void commandToOneDeviceReachesOnlyThatDevice() { // §8.29
        World w = world();
        TestMqttClient d1 = mqtt().connect(w.d1()).subscribed(w.d1().topic("commands"));
        TestMqttClient d2 = mqtt().connect(w.d2()).subscribed(w.d2().topic("commands"));
        TestMqttClient registry = mqtt().connect(w.r1());

        String forD1 = unique("for-d1");
        registry.publish(w.d1().topic("commands"), forD1);
        String forD2 = unique("for-d2");
        registry.publish(w.d2().topic("commands"), forD2);

        assertThat(d2.expectExactly(forD2)).extracting(Message::topic).containsExactly(w.d2().topic("commands"));
        assertThat(d1.expectExactly(forD1)).extracting(Message::topic).containsExactly(w.d1().topic("commands"));
    }

    @Test
    default void registryBroadcastReachesRegistryCommandSubscribersOnly() { // §3.5
        World w = world();
        TestMqttClient d1 = mqtt().connect(w.d1()).subscribed(w.r1().topic("commands"));
        TestMqttClient d2 = mqtt().connect(w.d2()).subscribed(w.d2().topic("commands"));
        TestMqttClient d3 = mqtt().connect(w.d3()).subscribed(w.r2().topic("commands"));
        TestMqttClient registry = mqtt().connect(w.r1());

        String broadcast = unique("broadcast");
        registry.publish(w.r1().topic("commands"), broadcast);
        String sentinel = unique("sentinel");
        registry.publish(w.d2().topic("commands"), sentinel);
        String otherRegistry = unique("r2-broadcast");
        mqtt().connect(w.r2()).publish(w.r2().topic("commands"), otherRegistry);

        assertThat(d1.expectExactly(broadcast)).extracting(Message::topic).containsExactly(w.r1().topic("commands"));
        d2.expectExactly(sentinel);
        d3.expectExactly(otherRegistry);
    }

    @Test
    default void singleLevelWildcardMatchesExactlyOneLevel() { // §8.30
        World w = world();
        TestMqttClient device = mqtt().connect(w.d1()).subscribed(w.r1().topic("commands/+"));
        TestMqttClient registry = mqtt().connect(w.r1());

        String bedroom = unique("bedroom");
        registry.publish(w.r1().topic("commands/bedroom"), bedroom);
        registry.publish(w.r1().topic("commands/bedroom/entrance"), unique("entrance"));
        String kitchen = unique("kitchen");
        registry.publish(w.r1().topic("commands/kitchen"), kitchen);

        assertThat(device.expectExactly(bedroom, kitchen)).extracting(Message::topic)
                .containsExactlyInAnyOrder(w.r1().topic("commands/bedroom"), w.r1().topic("commands/kitchen"));
    }

    @Test
    default void devicePublishingOutsideItsRightsIsDisconnectedAndLogged() { // §8.31
        World w = world();
        TestMqttClient d1Reader = mqtt().byPassword(w.d1()).connect().subscribed(w.d1().topic("commands"));
        TestMqttClient r1Reader = mqtt().connect(w.r1()).subscribed(w.d2().topic("events"));
        TestMqttClient r2Reader = mqtt().connect(w.r2()).subscribed(w.r2().topic("events"));

        for (String topic : List.of(w.d1().topic("commands"), w.d2().topic("events"), w.r2().topic("events"),
                "foo/bar")) {
            TestMqttClient device = mqtt().connect(w.d1());
            device.publishExpectingDisconnect(topic, unique("forbidden"));
            api().awaitLog(w.d1(), "disconnected: publish to topic \"" + topic + "\" not allowed");
        }

        String s1 = unique("sentinel");
        mqtt().connect(w.r1()).publish(w.d1().topic("commands"), s1);
        d1Reader.expectExactly(s1);
        String s2 = unique("sentinel");
        mqtt().connect(w.d2()).publish(w.d2().topic("events"), s2);
        r1Reader.expectExactly(s2);
        String s3 = unique("sentinel");
        mqtt().connect(w.d3()).publish(w.r2().topic("events"), s3);
        r2Reader.expectExactly(s3);
        d1Reader.assertConnected();
    }

    @Test
    default void registryPublishingOutsideItsRightsIsDisconnectedAndLogged() { // §8.32
        World w = world();
        TestMqttClient eventsReader = mqtt().byPassword(w.r1()).connect().subscribed(w.d1().topic("events"));
        TestMqttClient d3 = mqtt().connect(w.d3()).subscribed(w.d3().topic("commands"));

        for (String topic : List.of(w.d1().topic("events"), w.d3().topic("commands"))) {
            TestMqttClient registry = mqtt().connect(w.r1());
            registry.publishExpectingDisconnect(topic, unique("forbidden"));
            api().awaitLog(w.r1(), "disconnected: publish to topic \"" + topic + "\" not allowed");
        }

        String s1 = unique("sentinel");
        mqtt().connect(w.d1()).publish(w.d1().topic("events"), s1);
        eventsReader.expectExactly(s1);
        String s2 = unique("sentinel");
        mqtt().connect(w.r2()).publish(w.d3().topic("commands"), s2);
        d3.expectExactly(s2);
        eventsReader.assertConnected();
    }

    @Test
    default void refusedFilterGets0x80WhileTheOthersOfTheSamePacketAreGranted() { // §8.33
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1());

        int[] codes = registry.subscribe(1, w.d1().topic("commands"), w.d1().topic("events"));

        assertThat(codes).containsExactly(TestMqttClient.SUBSCRIBE_FAILED, 1);
        registry.assertConnected();
        String event = unique("event");
        mqtt().connect(w.d1()).publish(w.d1().topic("events"), event);
        registry.expectExactly(event);
        api().awaitLog(w.r1(), "some of subscriptions failed: not allowed to subscribe: [\""
                + w.d1().topic("commands") + "\"]");

        int[] more = registry.subscribe(1, w.d1().topic("config"), w.r1().topic("commands"), w.r1().topic("events"));

        assertThat(more).containsExactly(TestMqttClient.SUBSCRIBE_FAILED, TestMqttClient.SUBSCRIBE_FAILED, 1);
        api().awaitLog(w.r1(), "some of subscriptions failed: not allowed to subscribe: [\""
                + w.d1().topic("config") + "\", \"" + w.r1().topic("commands") + "\"]");
        registry.assertConnected();
    }

    @Test
    default void registryHashWildcardOverDevicesDeliversEventsAndStateButNeverCommands() { // §8.34
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1());
        assertThat(registry.subscribe("$devices/#")).isEqualTo(1);
        TestMqttClient d1 = mqtt().connect(w.d1());

        String event = unique("event");
        d1.publish(w.d1().topic("events"), event);
        String state = unique("state");
        d1.publish(w.d1().topic("state"), state);
        registry.publish(w.d1().topic("commands"), unique("command"));
        registry.publish(w.d1().topic("config"), unique("config"));
        String d2Event = unique("d2-event");
        mqtt().connect(w.d2()).publish(w.d2().topic("events/sub"), d2Event);
        mqtt().connect(w.d3()).publish(w.d3().topic("events"), unique("other-registry"));
        String sentinel = unique("sentinel");
        d1.publish(w.d1().topic("events"), sentinel);

        List<Message> received = registry.expectExactly(event, state, d2Event, sentinel);
        assertThat(received).filteredOn(m -> m.text().equals(state)).extracting(Message::topic)
                .containsExactly(w.d1().topic("state"));
        assertThat(received).filteredOn(m -> m.text().equals(d2Event)).extracting(Message::topic)
                .containsExactly(w.d2().topic("events/sub"));
    }

    @Test
    default void deviceHashWildcardOverRegistriesDeliversOnlyCommandsAndConfigOfItsRegistry() { // §8.35
        World w = world();
        TestMqttClient d1 = mqtt().connect(w.d1());
        assertThat(d1.subscribe("$registries/#")).isEqualTo(1);
        TestMqttClient registry = mqtt().connect(w.r1());

        String command = unique("command");
        registry.publish(w.r1().topic("commands/x"), command);
        mqtt().connect(w.d2()).publish(w.r1().topic("events"), unique("d2-event"));
        mqtt().connect(w.r2()).publish(w.r2().topic("commands"), unique("other-registry"));
        String config = unique("config"); // §3.3 (inferred): config/# too
        registry.publish(w.r1().topic("config/y"), config);
        String sentinel = unique("sentinel");
        registry.publish(w.r1().topic("commands"), sentinel);

        List<Message> received = d1.expectExactly(command, config, sentinel);
        assertThat(received).filteredOn(m -> m.text().equals(command)).extracting(Message::topic)
                .containsExactly(w.r1().topic("commands/x"));
    }

    @Test
    default void twoLevelFiltersOverDevicesAndRegistriesAreAcceptedAndDeliverNothing() { // §8.36, docs/mqtt.md
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1());
        assertThat(registry.subscribe(1, "$devices/+", "$registries/+")).containsExactly(1, 1);
        registry.subscribed(w.d1().topic("events/sentinel"));
        TestMqttClient d1 = mqtt().connect(w.d1());

        d1.publish(w.d1().topic("events"), unique("event"));
        d1.publish(w.d1().topic("state"), unique("state"));
        d1.publish(w.r1().topic("events"), unique("registry-event"));
        d1.publish(w.r1().topic("state"), unique("registry-state"));
        registry.publish(w.d1().topic("commands"), unique("command"));
        registry.publish(w.r1().topic("commands"), unique("broadcast"));
        String sentinel = unique("sentinel");
        d1.publish(w.d1().topic("events/sentinel"), sentinel);

        registry.expectExactly(sentinel);
    }
}
