package iotcore.broker;

/** A Last Will (MQTT 3.1.1 section 3.1.2.5): published for the client if it vanishes without DISCONNECT. */
public record Will(String topic, byte[] payload, int qos) {
}
