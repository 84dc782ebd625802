package iotcore.server.mqtt;

import iotcore.testkit.ServerProcess;
import java.util.function.Consumer;

/**
 * What the broker scenario interfaces need from the test class: the shared server's REST API and
 * MQTT endpoints, and a way to start an extra server for options that must not affect other tests.
 */
interface MqttFixture {

    /** The shared server's API, authenticated as admin. */
    MqttApi api();

    /** MQTT connections to the shared server. */
    Mqtt mqtt();

    /** The server started for the test class. */
    ServerProcess server();

    /** A new world (R1 {D1, D2}, R2 {D3}) on the shared server. */
    default World world() {
        return api().newWorld();
    }

    /**
     * Starts one more server of this engine with the standard listener arguments plus {@code args},
     * runs {@code test} against it, then stops it; a failure carries that server's log tail.
     */
    void withExtraServer(String[] args, Consumer<ExtraServer> test);

    /** An extra server's handles. */
    record ExtraServer(ServerProcess server, MqttApi api, Mqtt mqtt) {}
}
