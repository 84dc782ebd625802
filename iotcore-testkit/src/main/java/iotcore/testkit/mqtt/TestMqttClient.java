package iotcore.testkit.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One MQTT 3.1.1 connection for acceptance tests, on Eclipse Paho's asynchronous client (which
 * reports SUBACK codes, including {@code 0x80}, without throwing). Every wait is bounded. Received
 * messages are recorded in arrival order; tests assert on them with {@link #awaitPayload} (positive,
 * waits up to {@link #WAIT}) and {@link #expectExactly} (waits for the expected messages, then for a
 * short {@link #QUIET} period, and fails on anything else). To prove that something was <em>not</em>
 * delivered, publish a sentinel the client should receive after it and expect exactly the sentinel.
 *
 * <pre>
 * try (TestMqttClient registry = TestMqttClient.builder("ssl://127.0.0.1:" + port)
 *         .socketFactory(ClientTls.trusting(ca).clientCertificate(cert).build().socketFactory()).connect()) {
 *     assertThat(registry.subscribe("$devices/" + d1 + "/events")).isEqualTo(1);
 *     ...
 *     registry.expectExactly("t1", "sentinel");
 * }
 * </pre>
 */
public final class TestMqttClient implements AutoCloseable {

    /** How long a positive expectation (a CONNACK, a SUBACK, a message, a close) may take. */
    public static final Duration WAIT = Duration.ofSeconds(10);
    /** How long to keep listening after the expected messages arrived before declaring "nothing else". */
    public static final Duration QUIET = Duration.ofMillis(300);
    /** SUBACK return code of a refused filter. */
    public static final int SUBSCRIBE_FAILED = 0x80;

    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** A received PUBLISH. {@code id} is the packet id (0 for QoS 0). */
    public record Message(String topic, byte[] payload, int qos, boolean retained, boolean duplicate, int id) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String text = text();
            if (text.length() > 120) {
                text = text.substring(0, 120) + "...(" + payload.length + " bytes)";
            }
            return "[" + topic + " q" + qos + (retained ? " r" : "") + (duplicate ? " dup" : "") + " '" + text + "']";
        }
    }

    /** The result of a connection attempt that may be refused. */
    public record ConnectOutcome(TestMqttClient client, int reasonCode, MqttException failure) {
        public boolean connected() {
            return client != null;
        }
    }

    private final MqttAsyncClient client;
    private final String label;
    private final SocketFactory socketFactory;
    private final Object lock = new Object();
    private final List<Message> received = new ArrayList<>();
    private final CompletableFuture<Throwable> lost = new CompletableFuture<>();
    private volatile boolean sessionPresent;

    private TestMqttClient(MqttAsyncClient client, String label, SocketFactory socketFactory) {
        this.client = client;
        this.label = label;
        this.socketFactory = socketFactory;
    }

    /** {@code ssl://host:port}, {@code wss://host:port/mqtt} or {@code tcp://host:port}. */
    public static Builder builder(String serverUri) {
        return new Builder(serverUri);
    }

    /** A client id no other test uses: {@code tc-<n>-<6 hex>}. */
    public static String uniqueClientId() {
        return "tc-" + COUNTER.incrementAndGet() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    }

    public String clientId() {
        return client.getClientId();
    }

    /** CONNACK session-present flag of this connection. */
    public boolean sessionPresent() {
        return sessionPresent;
    }

    public boolean isConnected() {
        return client.isConnected() && !lost.isDone();
    }

    /** The local port of this connection (TLS connections only: the socket factory recorded it). */
    public int localPort() {
        return tlsSocket().getLocalPort();
    }

    /** The negotiated TLS version, e.g. {@code TLSv1.3}. */
    public String tlsProtocol() {
        return tlsSocket().getSession().getProtocol();
    }

    private SSLSocket tlsSocket() {
        if (socketFactory instanceof RecordingSocketFactory recording) {
            return recording.lastSocket();
        }
        throw new IllegalStateException(this + " was not made with a RecordingSocketFactory");
    }

    // --- subscribe -------------------------------------------------------------------------------

    /** Subscribes these filters in one SUBSCRIBE, each at {@code qos}; returns the SUBACK codes. */
    public int[] subscribe(int qos, String... filters) {
        int[] requested = new int[filters.length];
        Arrays.fill(requested, qos);
        try {
            IMqttToken token = client.subscribe(filters, requested);
            token.waitForCompletion(WAIT.toMillis());
            int[] granted = token.getGrantedQos();
            if (granted.length != filters.length) {
                throw new AssertionError(this + ": SUBACK for " + Arrays.toString(filters) + " has "
                        + granted.length + " codes: " + Arrays.toString(granted));
            }
            return granted;
        } catch (MqttException e) {
            throw new AssertionError(this + ": SUBSCRIBE " + Arrays.toString(filters) + " failed: " + describe(e), e);
        }
    }

    /** Subscribes one filter at QoS 1; returns its SUBACK code. */
    public int subscribe(String filter) {
        return subscribe(1, filter)[0];
    }

    /** Subscribes each filter at QoS 1 (one SUBSCRIBE) and asserts that every one is granted QoS 1. */
    public TestMqttClient subscribed(String... filters) {
        int[] granted = subscribe(1, filters);
        for (int i = 0; i < granted.length; i++) {
            if (granted[i] != 1) {
                throw new AssertionError(this + ": expected QoS 1 granted for " + filters[i] + " but SUBACK was "
                        + Arrays.toString(granted) + " for " + Arrays.toString(filters));
            }
        }
        return this;
    }

    public void unsubscribe(String... filters) {
        try {
            client.unsubscribe(filters).waitForCompletion(WAIT.toMillis());
        } catch (MqttException e) {
            throw new AssertionError(this + ": UNSUBSCRIBE failed: " + describe(e), e);
        }
    }

    // --- publish ---------------------------------------------------------------------------------

    /** Publishes and waits until the flow completes (written for QoS 0, PUBACK for 1, PUBCOMP for 2). */
    public void publish(String topic, byte[] payload, int qos, boolean retained) {
        try {
            client.publish(topic, payload, qos, retained).waitForCompletion(WAIT.toMillis());
        } catch (MqttException e) {
            throw new AssertionError(this + ": PUBLISH q" + qos + " to " + topic + " failed: " + describe(e), e);
        }
    }

    public void publish(String topic, String payload, int qos) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    /** QoS 1, waits for PUBACK. */
    public void publish(String topic, String payload) {
        publish(topic, payload, 1);
    }

    /** Publishes without waiting; the token tells how the flow ended. */
    public IMqttDeliveryToken publishAsync(String topic, byte[] payload, int qos, boolean retained) {
        try {
            return client.publish(topic, payload, qos, retained);
        } catch (MqttException e) {
            throw new AssertionError(this + ": PUBLISH to " + topic + " could not be sent: " + describe(e), e);
        }
    }

    /**
     * Publishes at QoS 1 and expects the server to close the connection instead of acknowledging
     * (a forbidden topic, an oversized payload): fails if a PUBACK arrives or the connection stays open.
     */
    public void publishExpectingDisconnect(String topic, byte[] payload) {
        publishExpectingDisconnect(topic, payload, WAIT);
    }

    /** As {@link #publishExpectingDisconnect(String, byte[])}, waiting at most {@code timeout} for the close. */
    public void publishExpectingDisconnect(String topic, byte[] payload, Duration timeout) {
        IMqttDeliveryToken token;
        try {
            token = client.publish(topic, payload, 1, false);
        } catch (MqttException e) {
            awaitConnectionLost(timeout); // closed before we could even send: still what we expect
            return;
        }
        awaitConnectionLost(timeout);
        if (token.isComplete() && token.getException() == null) {
            throw new AssertionError(this + ": PUBLISH to " + topic + " was acknowledged (PUBACK) although the "
                    + "connection was then closed; a refused publish must not be acknowledged");
        }
    }

    public void publishExpectingDisconnect(String topic, String payload) {
        publishExpectingDisconnect(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    // --- received messages -----------------------------------------------------------------------

    /** Everything received so far (since the last {@link #clear()}), in arrival order. */
    public List<Message> received() {
        synchronized (lock) {
            return List.copyOf(received);
        }
    }

    /** Forgets what was received so far. */
    public void clear() {
        synchronized (lock) {
            received.clear();
        }
    }

    /** Waits until some received message matches; returns the first that does. */
    public Message awaitMessage(Predicate<Message> matching, String description) {
        return awaitMessage(matching, description, WAIT);
    }

    public Message awaitMessage(Predicate<Message> matching, String description, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                for (Message m : received) {
                    if (matching.test(m)) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(this + ": no message " + description + " within " + timeout
                            + "; received " + received + (lost.isDone() ? "; connection lost: " + lost.join() : ""));
                }
                waitOn(left);
            }
        }
    }

    /** Waits for a message with this payload (UTF-8). */
    public Message awaitPayload(String payload) {
        return awaitMessage(m -> m.text().equals(payload), "with payload '" + payload + "'");
    }

    /** Waits for a message on exactly this topic. */
    public Message awaitTopic(String topic) {
        return awaitMessage(m -> m.topic().equals(topic), "on topic " + topic);
    }

    /**
     * Waits until a message with each payload arrived, keeps listening for {@link #QUIET}, then
     * asserts that the messages received since the last {@link #clear()} carry exactly these payloads
     * (as a multiset: no more, no fewer, no duplicates beyond those listed). Returns them in arrival order.
     */
    public List<Message> expectExactly(String... payloads) {
        List<String> expected = List.of(payloads);
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (lock) {
            while (!containsAll(texts(received), expected)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(this + ": expected payloads " + expected + " within " + WAIT
                            + " but received " + received
                            + (lost.isDone() ? "; connection lost: " + lost.join() : ""));
                }
                waitOn(left);
            }
        }
        sleep(QUIET);
        synchronized (lock) {
            List<String> actual = texts(received);
            List<String> sortedActual = new ArrayList<>(actual);
            List<String> sortedExpected = new ArrayList<>(expected);
            sortedActual.sort(null);
            sortedExpected.sort(null);
            if (!sortedActual.equals(sortedExpected)) {
                throw new AssertionError(this + ": expected exactly the payloads " + expected + " but received "
                        + received);
            }
            return List.copyOf(received);
        }
    }

    /** Listens for {@link #QUIET} and asserts that nothing at all was received (use after a barrier elsewhere). */
    public void expectNothing() {
        sleep(QUIET);
        synchronized (lock) {
            if (!received.isEmpty()) {
                throw new AssertionError(this + ": expected no message but received " + received);
            }
        }
    }

    /** With manual acks: sends the PUBACK for this message. */
    public void ack(Message message) {
        try {
            client.messageArrivedComplete(message.id(), message.qos());
        } catch (MqttException e) {
            throw new AssertionError(this + ": cannot acknowledge " + message + ": " + describe(e), e);
        }
    }

    // --- connection state ------------------------------------------------------------------------

    /** Waits until the server closes this connection; returns Paho's reason. */
    public Throwable awaitConnectionLost() {
        return awaitConnectionLost(WAIT);
    }

    public Throwable awaitConnectionLost(Duration timeout) {
        try {
            return lost.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(this + ": the server did not close the connection within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the server closed the connection (no waiting). */
    public boolean wasLost() {
        return lost.isDone();
    }

    /** Asserts the connection is still open, with a PINGREQ/PINGRESP-free check of Paho's state. */
    public TestMqttClient assertConnected() {
        if (!isConnected()) {
            throw new AssertionError(this + ": expected the connection to be open"
                    + (lost.isDone() ? " but it was lost: " + lost.join() : ""));
        }
        return this;
    }

    /** Sends DISCONNECT and closes the socket. */
    public void disconnect() {
        try {
            if (client.isConnected()) {
                client.disconnect(WAIT.toMillis()).waitForCompletion(WAIT.toMillis());
            }
        } catch (MqttException e) {
            throw new AssertionError(this + ": DISCONNECT failed: " + describe(e), e);
        } finally {
            closeQuietly();
        }
    }

    /** Closes the socket without DISCONNECT, as a crashed device or a lost network would. */
    public void drop() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 0, false);
            }
        } catch (MqttException e) {
            throw new AssertionError(this + ": cannot drop the connection: " + describe(e), e);
        } finally {
            closeQuietly();
        }
    }

    /** DISCONNECT if still connected, then release the client's threads. Never throws. */
    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, true);
            }
        } catch (MqttException | RuntimeException ignored) {
            // closing anyway
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            client.close(true);
        } catch (MqttException | RuntimeException ignored) {
            // already closed
        }
    }

    @Override
    public String toString() {
        return "MQTT client " + label + " (clientId " + client.getClientId() + ")";
    }

    static String describe(MqttException e) {
        return "reason " + e.getReasonCode() + " (" + e.getMessage() + ")"
                + (e.getCause() != null ? " caused by " + e.getCause() : "");
    }

    private void waitOn(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, Math.max(1, Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(100))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static List<String> texts(List<Message> messages) {
        List<String> texts = new ArrayList<>(messages.size());
        for (Message m : messages) {
            texts.add(m.text());
        }
        return texts;
    }

    private static boolean containsAll(List<String> actual, List<String> expected) {
        List<String> remaining = new ArrayList<>(actual);
        for (String e : expected) {
            if (!remaining.remove(e)) {
                return false;
            }
        }
        return true;
    }

    private final MqttCallback callback = new MqttCallback() {
        @Override
        public void connectionLost(Throwable cause) {
            lost.complete(cause == null ? new IllegalStateException("connection lost") : cause);
            synchronized (lock) {
                lock.notifyAll();
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            synchronized (lock) {
                received.add(new Message(topic, message.getPayload(), message.getQos(), message.isRetained(),
                        message.isDuplicate(), message.getId()));
                lock.notifyAll();
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // publish completion is observed through the tokens
        }
    };

    /** Options of one connection. */
    public static final class Builder {
        private final String serverUri;
        private String clientId;
        private String label;
        private boolean cleanSession = true;
        private String username;
        private char[] password;
        private SocketFactory socketFactory;
        private int keepAliveSeconds = 60;
        private boolean manualAcks;
        private int mqttVersion = MqttConnectOptions.MQTT_VERSION_3_1_1;
        private String willTopic;
        private byte[] willPayload;
        private int willQos;
        private int maxInflight = 32;
        private java.util.function.Consumer<TestMqttClient> onConnect = client -> { };

        private Builder(String serverUri) {
            this.serverUri = serverUri;
        }

        public Builder clientId(String id) {
            this.clientId = id;
            return this;
        }

        /** A name for failure messages, e.g. {@code "D1 by certificate"}. */
        public Builder label(String text) {
            this.label = text;
            return this;
        }

        public Builder cleanSession(boolean clean) {
            this.cleanSession = clean;
            return this;
        }

        /** Username and password ({@code password} may be null: a username alone). */
        public Builder credentials(String user, String secret) {
            this.username = user;
            this.password = secret == null ? null : secret.toCharArray();
            return this;
        }

        /** For {@code ssl://} and {@code wss://}: usually {@link ClientTls#socketFactory()}. */
        public Builder socketFactory(SocketFactory factory) {
            this.socketFactory = factory;
            return this;
        }

        public Builder keepAliveSeconds(int seconds) {
            this.keepAliveSeconds = seconds;
            return this;
        }

        /** Received QoS 1 messages are acknowledged only by {@link TestMqttClient#ack}. */
        public Builder manualAcks(boolean manual) {
            this.manualAcks = manual;
            return this;
        }

        /** {@code 3} for MQTT 3.1 ("MQIsdp", protocol level 3), {@code 4} (default) for 3.1.1. */
        public Builder mqttVersion(int version) {
            this.mqttVersion = version == 3 ? MqttConnectOptions.MQTT_VERSION_3_1 : MqttConnectOptions.MQTT_VERSION_3_1_1;
            return this;
        }

        public Builder will(String topic, String payload, int qos) {
            this.willTopic = topic;
            this.willPayload = payload.getBytes(StandardCharsets.UTF_8);
            this.willQos = qos;
            return this;
        }

        /** Called with every client this builder connects, e.g. to close them all after a test. */
        public Builder onConnect(java.util.function.Consumer<TestMqttClient> sink) {
            this.onConnect = sink;
            return this;
        }

        /** Connects and asserts CONNACK 0. */
        public TestMqttClient connect() {
            ConnectOutcome outcome = tryConnect();
            if (!outcome.connected()) {
                throw new AssertionError("MQTT " + describeTarget() + ": connection refused or failed: "
                        + describe(outcome.failure()), outcome.failure());
            }
            return outcome.client();
        }

        /** Connects expecting a refusal; returns the CONNACK return code (Paho's reason code). */
        public int connectRefused() {
            ConnectOutcome outcome = tryConnect();
            if (outcome.connected()) {
                outcome.client().close();
                throw new AssertionError("MQTT " + describeTarget() + ": expected the connection to be refused "
                        + "but CONNACK accepted it");
            }
            return outcome.reasonCode();
        }

        public ConnectOutcome tryConnect() {
            String id = clientId != null ? clientId : uniqueClientId();
            MqttAsyncClient paho;
            try {
                paho = new MqttAsyncClient(serverUri, id, new MemoryPersistence());
            } catch (MqttException e) {
                throw new IllegalArgumentException("cannot create a client for " + serverUri + ": " + describe(e), e);
            }
            TestMqttClient client = new TestMqttClient(paho, label == null ? serverUri : label, socketFactory);
            paho.setCallback(client.callback);
            paho.setManualAcks(manualAcks);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(mqttVersion); // never Paho's default, which retries refusals as MQTT 3.1
            options.setCleanSession(cleanSession);
            options.setKeepAliveInterval(keepAliveSeconds);
            options.setConnectionTimeout((int) WAIT.toSeconds());
            options.setAutomaticReconnect(false);
            options.setMaxInflight(maxInflight);
            if (username != null) {
                options.setUserName(username);
            }
            if (password != null) {
                options.setPassword(password);
            }
            if (socketFactory != null) {
                options.setSocketFactory(socketFactory);
            }
            if (willTopic != null) {
                options.setWill(willTopic, willPayload, willQos, false);
            }
            try {
                IMqttToken token = paho.connect(options);
                token.waitForCompletion(WAIT.toMillis());
                client.sessionPresent = token.getSessionPresent();
                onConnect.accept(client);
                return new ConnectOutcome(client, 0, null);
            } catch (MqttException e) {
                client.closeQuietly();
                return new ConnectOutcome(null, e.getReasonCode(), e);
            }
        }

        private String describeTarget() {
            return (label == null ? "" : label + " ") + "to " + serverUri
                    + (username == null ? "" : " as user " + username);
        }
    }
}
