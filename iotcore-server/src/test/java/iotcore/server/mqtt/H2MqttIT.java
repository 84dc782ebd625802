package iotcore.server.mqtt;

import iotcore.testkit.ServerProcess;

/** The broker acceptance scenarios against the default embedded H2 database. */
class H2MqttIT extends AbstractMqttIT {

    @Override
    ServerProcess.Builder serverBuilder() {
        return ServerProcess.builder();
    }
}
