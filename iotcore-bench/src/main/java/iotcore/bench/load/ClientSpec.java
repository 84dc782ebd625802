package iotcore.bench.load;

/**
 * One connection to open.
 *
 * @param key      the client certificate to present over TLS, or null for none
 * @param username MQTT user name, or null
 * @param password MQTT password, or null
 */
public record ClientSpec(String clientId, ClientKey key, String username, String password, boolean cleanSession) {
}
