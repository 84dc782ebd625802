package iotcore.cli.mqtt;

/**
 * Where the MQTT broker listens.
 *
 * @param source how the port was chosen, named in connection errors so the user knows what to change
 */
public record BrokerAddress(String host, int port, String source) {

    /** Paho's server URI; an IPv6 literal needs brackets there. */
    public String uri() {
        return "ssl://" + hostAndPort();
    }

    public String hostAndPort() {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
