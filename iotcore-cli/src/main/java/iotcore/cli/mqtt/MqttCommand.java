package iotcore.cli.mqtt;

import iotcore.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "mqtt", description = {
        "Publish and subscribe over MQTT as a device or registry.", "MQTT 3.1.1 over TLS, like yc iot mqtt."},
        subcommands = {MqttPublish.class, MqttSubscribe.class})
public final class MqttCommand extends GroupCommand {
}
