package iotcore.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PermanentTopicTest {

    @ParameterizedTest
    @ValueSource(strings = {"$devices/d1/state", "$devices/d1/config", "$devices/d1/state/sub/topic",
            "$registries/r1/state", "$registries/r1/config/x"})
    void stateAndConfigOfDevicesAndRegistriesArePermanent(String topic) {
        assertThat(Broker.isPermanent(topic)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"$devices/d1/events", "$devices/d1/commands", "$devices/d1/stateful", "$devices/d1/configs/x",
            "$devices/state/x", "$devices/d1", "$registries/r1/events/state", "$monitoring/d1/json", "devices/d1/state",
            "$devicesX/d1/state", "$registries//state"})
    void everythingElseIsNot(String topic) {
        assertThat(Broker.isPermanent(topic)).isFalse();
    }
}
