package iotcore.server.mqtt;

/**
 * Broker acceptance scenarios 20–51 and 55 of iot-core.md §8 (as settled by decisions.md and
 * docs/mqtt.md) over real TLS, WebSocket and TCP sockets against the real server JVM. The scenarios
 * live in the interfaces this class implements; subclasses choose the database engine. The
 * permission matrix, mosquitto interop and restart suites are classes of their own.
 */
abstract class AbstractMqttIT extends MqttServerFixture implements
        TransportScenarios, AuthenticationScenarios, CredentialChangeScenarios, RoutingScenarios,
        PermanentTopicScenarios, AliasScenarios, MonitoringScenarios, SessionScenarios,
        ConnectionLogScenarios, DataPlaneScenarios {
}
