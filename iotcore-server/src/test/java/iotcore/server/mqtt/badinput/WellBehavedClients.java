package iotcore.server.mqtt.badinput;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The clients that must not notice the hostile ones, all Paho over the plain TCP listener:
 * device D publishing {@code good-<n>} at QoS 1 to {@code $devices/<D>/events} in a bounded loop,
 * registry R subscribed to that topic, and a registry watcher subscribed to
 * {@code $devices/<D>/events/#} that records any message carrying {@link #BAD_MARK} (what the
 * hostile connections publish must never be routed).
 */
final class WellBehavedClients implements AutoCloseable {

    /** Payload prefix of every PUBLISH the hostile connections send. */
    static final String BAD_MARK = "BAD";

    private static final int MAX_MESSAGES = 3_000;
    private static final Duration PUBLISH_PERIOD = Duration.ofMillis(20);
    private static final Duration MAX_PUBLISHING = Duration.ofSeconds(50);

    private final TestIdentities ids;
    private final MqttClient device;
    private final MqttClient registry;
    private final MqttClient watcher;
    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<Integer> received = ConcurrentHashMap.newKeySet();
    private final List<String> leaked = new CopyOnWriteArrayList<>();
    private final List<String> connectionLosses = new CopyOnWriteArrayList<>();
    private volatile Throwable publishFailure;
    private volatile boolean stopping;
    private Thread publisher;

    private WellBehavedClients(String serverUri, TestIdentities ids) throws MqttException {
        this.ids = ids;
        this.device = new MqttClient(serverUri, "well-behaved-device", new MemoryPersistence());
        this.registry = new MqttClient(serverUri, "well-behaved-registry", new MemoryPersistence());
        this.watcher = new MqttClient(serverUri, "bad-input-watcher", new MemoryPersistence());
    }

    /**
     * Connects R and the watcher, subscribes both at QoS 1, connects D and starts its publishing loop;
     * returns once R has received D's first message.
     */
    static WellBehavedClients start(int mqttPort, TestIdentities ids) {
        try {
            WellBehavedClients clients = new WellBehavedClients("tcp://127.0.0.1:" + mqttPort, ids);
            clients.connect();
            return clients;
        } catch (MqttException e) {
            throw new AssertionError("the well-behaved clients could not start: " + e, e);
        }
    }

    private void connect() throws MqttException {
        String events = ids.deviceEvents();
        registry.setCallback(new Recorder("registry", events));
        connect(registry, ids.registryId(), ids.registryPassword());
        expectGranted(registry, events);
        watcher.setCallback(new Recorder("watcher", events));
        connect(watcher, ids.registryId(), ids.registryPassword());
        expectGranted(watcher, events + "/#");
        device.setCallback(new Recorder("device", events));
        connect(device, ids.deviceId(), ids.devicePassword());
        device.setTimeToWait(10_000);
        publisher = Thread.ofVirtual().name("well-behaved-publisher").start(this::publishLoop);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received.isEmpty()) {
            if (System.nanoTime() > deadline || !publisher.isAlive()) {
                throw new AssertionError("R received none of D's messages within 10 s; acknowledged: "
                        + acknowledged.size() + ", publish failure: " + publishFailure);
            }
            sleep(20);
        }
    }

    private static void connect(MqttClient client, String userName, String password) throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setMaxInflight(32);
        options.setUserName(userName);
        options.setPassword(password.toCharArray());
        client.connect(options);
    }

    private static void expectGranted(MqttClient client, String filter) throws MqttException {
        int[] granted = client.subscribeWithResponse(filter, 1).getGrantedQos();
        if (granted.length != 1 || granted[0] != 1) {
            throw new AssertionError(client.getClientId() + " subscribing " + filter + " at QoS 1 got "
                    + Arrays.toString(granted));
        }
    }

    private void publishLoop() {
        long deadline = System.nanoTime() + MAX_PUBLISHING.toNanos();
        for (int n = 0; n < MAX_MESSAGES && !stopping && System.nanoTime() < deadline; n++) {
            try {
                device.publish(ids.deviceEvents(), ("good-" + n).getBytes(StandardCharsets.US_ASCII), 1, false);
                acknowledged.add(n);
            } catch (MqttException | RuntimeException e) {
                publishFailure = e;
                return;
            }
            sleep(PUBLISH_PERIOD.toMillis());
        }
    }

    /** Ends the publishing loop and waits for it (bounded by the publish timeout). */
    void stopPublishing() {
        stopping = true;
        try {
            publisher.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The acknowledged message numbers R has not received, after waiting up to {@code timeout} for them. */
    Set<Integer> awaitUndelivered(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<Integer> missing = new TreeSet<>(acknowledged);
            missing.removeAll(received);
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                return missing;
            }
            sleep(50);
        }
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    Throwable publishFailure() {
        return publishFailure;
    }

    List<String> connectionLosses() {
        return List.copyOf(connectionLosses);
    }

    List<String> leaked() {
        return List.copyOf(leaked);
    }

    boolean allConnected() {
        return device.isConnected() && registry.isConnected() && watcher.isConnected();
    }

    @Override
    public void close() {
        stopping = true;
        if (publisher != null) {
            stopPublishing();
        }
        for (MqttClient client : List.of(device, registry, watcher)) {
            try {
                if (client.isConnected()) {
                    client.disconnect(2_000);
                }
                client.close(true);
            } catch (MqttException ignored) {
                // the server is going away with the class
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records messages and connection losses of one client. */
    private final class Recorder implements MqttCallback {
        private final String name;
        private final String goodTopic;

        Recorder(String name, String goodTopic) {
            this.name = name;
            this.goodTopic = goodTopic;
        }

        @Override
        public void connectionLost(Throwable cause) {
            connectionLosses.add(name + ": " + cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            String payload = new String(message.getPayload(), 0, Math.min(message.getPayload().length, 16),
                    StandardCharsets.ISO_8859_1);
            if (payload.startsWith(BAD_MARK)) {
                String shownTopic = topic.length() > 80 ? topic.substring(0, 80) + "...(" + topic.length() + " chars)" : topic;
                leaked.add(name + " got " + shownTopic + ": " + payload.trim());
            } else if (name.equals("registry") && topic.equals(goodTopic) && payload.startsWith("good-")) {
                received.add(Integer.parseInt(payload.substring("good-".length())));
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // QoS 1 completion is awaited synchronously by the publish loop
        }
    }
}
