package iotcore.cli.mqtt;

import iotcore.cli.UserException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One MQTT 3.1.1 connection over TLS with a clean session, as {@code yc iot mqtt} makes. Closing it sends
 * DISCONNECT, also when the user interrupts the command, so the connection log reads "client disconnected".
 */
final class MqttConnection implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final long ACK_TIMEOUT_MILLIS = 30_000;
    private static final long QUIESCE_MILLIS = 1_000; // lets a last PUBACK go out before DISCONNECT

    private final MqttClient client;
    private final BrokerAddress broker;
    private final Thread closeOnExit;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MqttConnection(MqttClient client, BrokerAddress broker) {
        this.client = client;
        this.broker = broker;
        this.closeOnExit = new Thread(this::close, "mqtt-disconnect");
        Runtime.getRuntime().addShutdownHook(closeOnExit);
    }

    /** @param callback receives messages and the loss of the connection; set before CONNECT so nothing is missed */
    static MqttConnection open(BrokerAddress broker, String clientId, SSLSocketFactory sockets,
            AuthOptions.Credentials credentials, MqttCallback callback) {
        MqttClient client;
        try {
            client = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new UserException("cannot use " + broker.uri() + " with client id '" + clientId + "': " + e.getMessage());
        }
        client.setTimeToWait(ACK_TIMEOUT_MILLIS);
        if (callback != null) {
            client.setCallback(callback);
        }
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // no silent fallback to 3.1
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        options.setSocketFactory(sockets);
        options.setHttpsHostnameVerificationEnabled(true);
        credentials.username().ifPresent(options::setUserName);
        credentials.password().ifPresent(password -> options.setPassword(password.toCharArray()));
        try {
            client.connect(options);
        } catch (MqttException e) {
            closeQuietly(client);
            throw MqttErrors.connect(e, broker);
        }
        return new MqttConnection(client, broker);
    }

    BrokerAddress broker() {
        return broker;
    }

    /** Returns once the message is written (QoS 0) or acknowledged (QoS 1). */
    void publish(String topic, byte[] payload, Qos qos) {
        try {
            client.publish(topic, payload, qos.level(), false);
        } catch (MqttException e) {
            throw MqttErrors.publish(e, broker, topic);
        }
    }

    /** Subscribes and checks the SUBACK: a refused filter is an error, not a silent wait for nothing. */
    void subscribe(String filter, Qos qos) {
        IMqttToken token;
        try {
            token = client.subscribeWithResponse(filter, qos.level());
        } catch (MqttException e) {
            throw MqttErrors.subscribe(e, broker, filter);
        }
        int[] granted = token.getGrantedQos();
        if (granted != null && granted.length > 0 && granted[0] == 0x80) {
            throw MqttErrors.subscriptionRefused(filter);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(QUIESCE_MILLIS);
            }
        } catch (MqttException e) {
            // already gone: nothing to say goodbye to
        }
        closeQuietly(client);
        try {
            Runtime.getRuntime().removeShutdownHook(closeOnExit);
        } catch (IllegalStateException e) {
            // running as that hook: the JVM is already shutting down
        }
    }

    private static void closeQuietly(MqttClient client) {
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
    }
}
