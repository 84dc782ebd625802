package iotcore.server.durability;

import iotcore.server.mqtt.Identity;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Bare Paho clients for the suites that count every message themselves: in-memory persistence (a new
 * client object per connection, so nothing survives in the client but what the test keeps), automatic
 * reconnect off, MQTT 3.1.1, username = the device or registry id with its password (plain TCP).
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

    static MqttConnectOptions options(Identity who, boolean cleanSession, int maxInflight) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(5);
        options.setMaxInflight(maxInflight);
        options.setUserName(who.id());
        options.setPassword(who.password().toCharArray());
        return options;
    }

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
