package iotcore.server.mqtt;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Permanent topics (§3.4): the last value of every exact {@code state}/{@code config} topic is replayed
 * on a matching subscribe, on every subscribe, not through alias wildcards; RETAIN is ignored on
 * events and commands (§2.3, decisions §6). Scenarios 37–40 and 45. Replayed messages' RETAIN bit is
 * not asserted (§3.4).
 */
interface PermanentTopicScenarios extends MqttFixture {

    @Test
    default void lateSubscriberGetsTheLastStateAtOnceAndLaterOnesLive() { // §8.37
        World w = world();
        TestMqttClient device = mqtt().connect(w.d1());
        String a = unique("A");
        String b = unique("B");
        device.publish(w.d1().topic("state"), a);
        device.publish(w.d1().topic("state"), b);

        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("state"));
        registry.awaitPayload(b);
        String c = unique("C");
        device.publish(w.d1().topic("state"), c);

        List<Message> received = registry.expectExactly(b, c);
        assertThat(received).extracting(Message::text).containsExactly(b, c);
        assertThat(received).extracting(Message::topic).containsOnly(w.d1().topic("state"));
        assertThat(received).extracting(Message::qos).containsOnly(1);
    }

    @Test
    default void configPublishedWhileTheDeviceWasOfflineIsReplayedOnEverySubscribe() { // §8.38
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1());
        String cfg1 = unique("cfg1");
        registry.publish(w.d1().topic("config"), cfg1);

        TestMqttClient first = mqtt().connect(w.d1()).subscribed(w.d1().topic("config"));
        assertThat(first.expectExactly(cfg1)).extracting(Message::topic).containsExactly(w.d1().topic("config"));
        first.disconnect();

        TestMqttClient second = mqtt().connect(w.d1()).subscribed(w.d1().topic("config"));
        second.awaitPayload(cfg1);
        String cfg2 = unique("cfg2");
        registry.publish(w.d1().topic("config"), cfg2);
        assertThat(second.expectExactly(cfg1, cfg2)).extracting(Message::text).containsExactly(cfg1, cfg2);
        second.drop();

        TestMqttClient third = mqtt().byPassword(w.d1()).connect().subscribed(w.d1().topic("config"));
        third.expectExactly(cfg2);
    }

    @Test
    default void wildcardSubscriptionReplaysEveryStoredSubtopicButNoEvents() { // §8.39
        World w = world();
        TestMqttClient device = mqtt().connect(w.d1());
        String sa = unique("state-a");
        String sb = unique("state-b");
        device.publish(w.d1().topic("state/a"), sa);
        device.publish(w.d1().topic("state/b"), sb);
        device.publish(w.d1().topic("events"), unique("event"));
        device.publish(w.d1().topic("events/x"), unique("event-x"));

        TestMqttClient states = mqtt().connect(w.r1()).subscribed(w.d1().topic("state/#"));
        List<Message> replayed = states.expectExactly(sa, sb);
        assertThat(replayed).extracting(Message::topic)
                .containsExactlyInAnyOrder(w.d1().topic("state/a"), w.d1().topic("state/b"));

        TestMqttClient events = mqtt().byPassword(w.r1()).connect().subscribed(w.d1().topic("events/#"));
        String sentinel = unique("sentinel");
        device.publish(w.d1().topic("events/sentinel"), sentinel);
        events.expectExactly(sentinel);
    }

    @Test
    default void registryHashWildcardReplaysStateButNeverConfig() { // §3.3 narrowing applies to the replay
        World w = world();
        String state = unique("state");
        mqtt().connect(w.d1()).publish(w.d1().topic("state"), state);
        String registryState = unique("registry-state");
        mqtt().connect(w.d2()).publish(w.r1().topic("state"), registryState);
        TestMqttClient registry = mqtt().connect(w.r1());
        registry.publish(w.d1().topic("config"), unique("config"));
        registry.publish(w.r1().topic("config"), unique("registry-config"));
        mqtt().connect(w.d3()).publish(w.d3().topic("state"), unique("other-registry"));

        TestMqttClient devices = mqtt().byPassword(w.r1()).connect();
        assertThat(devices.subscribe("$devices/#")).isEqualTo(1);
        assertThat(devices.expectExactly(state)).extracting(Message::topic).containsExactly(w.d1().topic("state"));

        TestMqttClient registries = mqtt().byPassword(w.r1()).connect();
        assertThat(registries.subscribe("$registries/#")).isEqualTo(1);
        assertThat(registries.expectExactly(registryState)).extracting(Message::topic)
                .containsExactly(w.r1().topic("state"));
    }

    @Test
    default void registryStateAndConfigAreReplayedToo() { // §3.1, §3.4
        World w = world();
        String state = unique("registry-state");
        mqtt().connect(w.d2()).publish(w.r1().topic("state"), state);
        String config = unique("registry-config");
        mqtt().connect(w.r1()).publish(w.r1().topic("config"), config);

        mqtt().byPassword(w.r1()).connect().subscribed(w.r1().topic("state")).expectExactly(state);
        mqtt().connect(w.d1()).subscribed(w.r1().topic("config")).expectExactly(config);
        mqtt().connect(w.d2()).subscribed(w.r1().topic("config")).expectExactly(config);
    }

    @Test
    default void aliasWildcardSubscriptionDoesNotReplayButReceivesLive() { // §8.40
        World w = world();
        Identity device = api().newDevice(w.r1(), "aliased", Map.of("st/", "$devices/{id}/state/"));
        TestMqttClient publisher = mqtt().connect(device);
        publisher.publish(device.topic("state/t"), unique("old"));

        TestMqttClient registry = mqtt().connect(w.r1());
        assertThat(registry.subscribe("st/#")).isEqualTo(1);
        String fresh = unique("new");
        publisher.publish(device.topic("state/t"), fresh);

        assertThat(registry.expectExactly(fresh)).extracting(Message::topic)
                .as("delivered under the alias name subscribed with (§3.6, docs/mqtt.md)").containsExactly("st/t");
    }

    @Test
    default void retainOnEventsAndCommandsIsIgnored() { // §8.45, decisions §6
        World w = world();
        TestMqttClient early = mqtt().byPassword(w.r1()).connect().subscribed(w.d1().topic("events"));
        TestMqttClient device = mqtt().connect(w.d1());
        TestMqttClient registry = mqtt().connect(w.r1());

        String retainedEvent = unique("retained-event");
        device.publish(w.d1().topic("events"), retainedEvent.getBytes(StandardCharsets.UTF_8), 1, true);
        early.expectExactly(retainedEvent); // processed as a normal publish
        registry.publish(w.d1().topic("commands"), unique("retained-command").getBytes(StandardCharsets.UTF_8), 1, true);

        TestMqttClient late = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));
        TestMqttClient commands = mqtt().byPassword(w.d1()).connect().subscribed(w.d1().topic("commands"));
        String event = unique("live-event");
        device.publish(w.d1().topic("events"), event);
        String command = unique("live-command");
        registry.publish(w.d1().topic("commands"), command);

        late.expectExactly(event);
        commands.expectExactly(command);
    }
}
