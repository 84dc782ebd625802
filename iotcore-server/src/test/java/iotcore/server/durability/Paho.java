package iotcore.server.durability;

import iotcore.server.mqtt.Identity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Bare Paho clients for the suites that count every message themselves: in-memory persistence (a new
 * client object per connection, so nothing survives in the client but what the test keeps), automatic
 * reconnect off, MQTT 3.1.1, username = the device or registry id with its password (plain TCP with
 * {@code TCP_NODELAY}: Paho writes a PUBLISH in pieces, and Nagle's algorithm against the server's
 * delayed ACKs would otherwise cost about 40 ms per large message).
 */
final class Paho {

    /** How long a CONNECT, SUBSCRIBE or DISCONNECT may take. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private Paho() {
    }

    static MqttAsyncClient client(String uri, String clientId) {
        try {
            return new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create a Paho client for " + uri, e);
        }
    }

    /**
     * Paho's own limit of unacknowledged publishes, set out of the way: the tests bound what they have
     * in flight themselves. Paho wakes a thread waiting for a PUBACK before its callback thread
     * decrements the in-flight count, so a client publishing one message at a time can still hit a
     * small limit ("Too many publishes in progress") when that thread lags.
     */
    static final int MAX_INFLIGHT = 1000;

    static MqttConnectOptions options(Identity who, boolean cleanSession) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(5);
        options.setMaxInflight(MAX_INFLIGHT);
        options.setUserName(who.id());
        options.setPassword(who.password().toCharArray());
        options.setSocketFactory(NO_DELAY);
        return options;
    }

    /** Plain sockets with {@code TCP_NODELAY} (Paho calls {@code createSocket()} and then connects). */
    static final SocketFactory NO_DELAY = new SocketFactory() {
        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            Socket socket = new Socket(host, port, localHost, localPort);
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            Socket socket = new Socket(address, port, localAddress, localPort);
            socket.setTcpNoDelay(true);
            return socket;
        }
    };

    /** DISCONNECT when still connected (bounded), then releases the client's threads. Never throws. */
    static void close(MqttAsyncClient client, boolean polite) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                if (polite) {
                    client.disconnect(WAIT.toMillis()).waitForCompletion(WAIT.toMillis());
                } else {
                    client.disconnectForcibly(0, 0, false);
                }
            }
        } catch (MqttException | RuntimeException ignored) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException ignored) {
            // already closed
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
