package iotcore.server.mqtt;

import iotcore.testkit.ServerProcess;
import iotcore.testkit.TestCertificate;
import iotcore.testkit.mqtt.ClientTls;
import iotcore.testkit.mqtt.TestMqttClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MQTT connections to one server: over TLS ({@code ssl://127.0.0.1:<mqtts>}), secure WebSocket
 * ({@code wss://127.0.0.1:<wss>/mqtt}) or plain TCP, trusting {@code <data-dir>/tls/ca.crt} and
 * verifying the server certificate for 127.0.0.1. Every connected client is remembered and closed
 * by {@link #closeAll()} after each test.
 */
public final class Mqtt {

    private final ServerProcess server;
    private final List<TestMqttClient> clients = new ArrayList<>();

    public Mqtt(ServerProcess server) {
        this.server = server;
    }

    public ServerProcess server() {
        return server;
    }

    public int mqttsPort() {
        return port("mqtts");
    }

    public int wssPort() {
        return port("wss");
    }

    public int plainPort() {
        return port("mqtt");
    }

    private int port(String name) {
        int port = server.port(name);
        if (port <= 0) {
            throw new AssertionError("ports.json of " + server + " has no \"" + name + "\" port");
        }
        return port;
    }

    public Path caFile() {
        return server.dataDir().resolve("tls").resolve("ca.crt");
    }

    public String sslUri() {
        return "ssl://127.0.0.1:" + mqttsPort();
    }

    public String wssUri() {
        return "wss://127.0.0.1:" + wssPort() + "/mqtt";
    }

    public String tcpUri() {
        return "tcp://127.0.0.1:" + plainPort();
    }

    /** TLS trusting the server's CA, without a client certificate. */
    public ClientTls.Builder tls() {
        return ClientTls.trusting(caFile());
    }

    /** TLS, presenting {@code who}'s registered certificate, no username. */
    public TestMqttClient.Builder byCertificate(Identity who) {
        return byCertificate(who.certificate()).label(who + " by certificate");
    }

    /** TLS, presenting this certificate, no username. */
    public TestMqttClient.Builder byCertificate(TestCertificate certificate) {
        return tracked(TestMqttClient.builder(sslUri())
                .socketFactory(tls().clientCertificate(certificate).build().socketFactory())
                .label("certificate " + certificate.sha1Fingerprint()));
    }

    /** TLS without a client certificate, username = {@code who}'s id, its registered password. */
    public TestMqttClient.Builder byPassword(Identity who) {
        return byPassword(who.id(), who.password()).label(who + " by password");
    }

    public TestMqttClient.Builder byPassword(String username, String password) {
        return tracked(TestMqttClient.builder(sslUri())
                .socketFactory(tls().build().socketFactory())
                .credentials(username, password)
                .label("user " + username));
    }

    /** TLS with neither a client certificate nor a username. */
    public TestMqttClient.Builder anonymous() {
        return tracked(TestMqttClient.builder(sslUri()).socketFactory(tls().build().socketFactory())
                .label("anonymous"));
    }

    /** Secure WebSocket; {@code certificate} may be null (then give credentials to the builder). */
    public TestMqttClient.Builder overWss(TestCertificate certificate) {
        ClientTls.Builder tls = tls();
        if (certificate != null) {
            tls.clientCertificate(certificate);
        }
        return tracked(TestMqttClient.builder(wssUri()).socketFactory(tls.build().socketFactory()).label("wss"));
    }

    /** Plain TCP (only when the server was started with {@code --mqtt-port}). */
    public TestMqttClient.Builder overPlainTcp() {
        return tracked(TestMqttClient.builder(tcpUri()).label("plain tcp"));
    }

    /** Connects {@code who} by certificate. */
    public TestMqttClient connect(Identity who) {
        return byCertificate(who).connect();
    }

    private TestMqttClient.Builder tracked(TestMqttClient.Builder builder) {
        return builder.onConnect(this::remember);
    }

    private void remember(TestMqttClient client) {
        synchronized (clients) {
            clients.add(client);
        }
    }

    /** Closes every client connected through this object (DISCONNECT when still connected). */
    public void closeAll() {
        List<TestMqttClient> all;
        synchronized (clients) {
            all = new ArrayList<>(clients);
            clients.clear();
        }
        all.parallelStream().forEach(TestMqttClient::close);
    }
}
