package iotcore.server.durability;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.server.mqtt.FailureLog;
import iotcore.server.mqtt.Identity;
import iotcore.server.mqtt.MqttApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of issue 4 (docs/durability.md): <em>once the broker has sent PUBACK for a QoS 1
 * message, every persistent session subscribed to it receives it, even if the server process is
 * killed with SIGKILL at any moment afterwards.</em>
 *
 * <h2>Setup</h2>
 * A real server JVM ({@link DurableServer}: the standard arguments plus {@code --mqtt-port 0}, default
 * queue bounds), one registry with {@value #PUBLISHERS} devices. The subscriber is the registry (fixed
 * ClientID, cleanSession=0, QoS 1 on {@code $devices/<d>/events} of every device); each device is a
 * publisher thread with its own Paho client (cleanSession=1) sending numbered messages
 * {@code <run>:<device index>:<n>} at QoS 1 as fast as PUBACKs allow (a window of {@value #WINDOW}
 * unacknowledged messages each). After the subscriber's SUBACK the publishers start; then,
 * {@value #KILLS} times, once the current server has acknowledged a message, the test waits a random
 * 3–9 s (seed printed; {@code -Diotcore.crash.seed=N} replays the same schedule), kills the server
 * with SIGKILL and starts a new one on the same data directory and database. After the last restart
 * the publishers run 3 s more, then stop numbering new messages.
 * <p>
 * One subscriber drains more slowly than four publishers fill, so publishers wait before numbering a
 * new message while more than {@value #MAX_BACKLOG} sent messages are not yet delivered: the queue of
 * the session holds up to that many messages at each kill (the interesting part), the run stays
 * bounded, and no queue bound of the server (default 100000 messages, 64 MiB) can be reached, which
 * would make a rejection legitimate (the test checks that no {@code session_queue_full} was logged).
 *
 * <h2>Clients, as real ones behave</h2>
 * All clients use plain TCP with password, in-memory persistence and no automatic reconnect: each
 * (re)connection is a new Paho client made by the test, to the ports of the current server.
 * <ul>
 *   <li>A publisher records a number as <em>sent</em> before handing it to Paho and as
 *       <em>acknowledged</em> only in the success callback of its delivery token, which Paho completes
 *       on the PUBACK. When its connection is lost it reconnects and resends every number it sent but
 *       has not had acknowledged (on any connection) yet. At the end it keeps resending until everything
 *       it sent is acknowledged (bounded: {@code 30 s}).</li>
 *   <li>The subscriber records a message in Paho's {@code messageArrived} callback, which Paho runs
 *       before it sends the PUBACK (automatic acknowledgement happens when the callback returns), so
 *       a message the broker considers delivered has been counted. On every reconnection it must get
 *       CONNACK session-present=1 and it does not subscribe again: the stored subscription has to do.</li>
 * </ul>
 *
 * <h2>Accounting (per publisher, by message number)</h2>
 * <ul>
 *   <li><b>sent</b>: numbers handed to Paho at least once;</li>
 *   <li><b>acknowledged</b>: numbers for which a PUBACK arrived (on any connection);</li>
 *   <li><b>delivered</b>: distinct numbers the subscriber received;</li>
 *   <li><b>duplicated</b>: receptions beyond the first of a number (redelivery after a crash, or a
 *       publisher's resend of a message whose PUBACK the crash swallowed: both allowed at QoS 1);</li>
 *   <li><b>lost</b>: acknowledged but never delivered. The test asserts <b>lost = 0</b>, no message it
 *       did not send, session-present=1 on every reconnection, and that the final drain left nothing
 *       unacknowledged (the recovered server accepts again).</li>
 * </ul>
 * A message sent but not acknowledged before a kill may or may not be delivered: that is allowed (the
 * publisher resends it anyway). The report ({@code CRASH-SAFETY ...} lines on standard output, in
 * {@code target/surefire-reports/iotcore.server.durability.CrashSafetyIT-output.txt}) gives the counts
 * overall and per phase between kills, the kill times and each restart's duration.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CrashSafetyIT {

    static final int PUBLISHERS = 4;
    static final int KILLS = 3;
    static final int WINDOW = 32;
    /** Sent but not yet delivered: above it publishers wait before numbering more (the subscriber is slower). */
    static final int MAX_BACKLOG = 20_000;
    /** Default queue bounds: the backlog stays far below them (and no {@code session_queue_full} is logged). */
    static final String[] SERVER_ARGS = {};

    private static final long PHASE_MIN_MILLIS = 3_000;
    private static final long PHASE_MAX_MILLIS = 9_000;
    private static final Duration TAIL = Duration.ofSeconds(3);
    private static final Duration FIRST_ACK = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(30);
    /** The final wait for deliveries ends when none arrived for this long. */
    private static final Duration DELIVERY_STALL = Duration.ofSeconds(15);
    /** Every loop of every client thread stops at this deadline, whatever happens. */
    private static final Duration HARD_LIMIT = Duration.ofSeconds(210);

    @TempDir
    Path dataDir;

    private DurableServer server;

    @RegisterExtension
    final FailureLog.OnFailure serverLogOnFailure = new FailureLog.OnFailure(
            () -> server == null ? null : server.process());

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyAcknowledgedMessageReachesThePersistentSubscriberAcrossSigkills() {
        long seed = Long.getLong("iotcore.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        long hardDeadline = System.nanoTime() + HARD_LIMIT.toNanos();
        server = DurableServer.start(dataDir, SERVER_ARGS);
        report("seed=%d server args=%s start=%dms", seed, server.args(), server.lastStartTime().toMillis());

        MqttApi api = server.api();
        String folder = api.newFolder();
        Identity registry = api.newRegistry(folder, "crash-registry");
        List<Identity> devices = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            devices.add(api.newDevice(registry, "crash-device-" + i));
        }
        String run = unique("run");
        Endpoint endpoint = new Endpoint(server.tcpUri());
        Ledger ledger = new Ledger(PUBLISHERS);

        Subscriber subscriber = new Subscriber(endpoint, registry, unique("crash-subscriber"), devices, run, ledger,
                hardDeadline);
        List<Publisher> publishers = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            publishers.add(new Publisher(i, endpoint, devices.get(i), run, ledger, hardDeadline));
        }
        List<String> phases = new ArrayList<>();
        List<Integer> exitCodes = new ArrayList<>();
        String gaveUp = null;
        try {
            subscriber.start();
            await(subscriber::subscribed, Duration.ofSeconds(20), "the subscriber's first SUBACK");
            publishers.forEach(Publisher::start);

            for (int kill = 1; kill <= KILLS; kill++) {
                Ledger.Counts before = ledger.counts();
                awaitFirstAck(ledger, before.acknowledged(), kill);
                long phase = PHASE_MIN_MILLIS + (long) (random.nextDouble() * (PHASE_MAX_MILLIS - PHASE_MIN_MILLIS));
                Paho.pause(phase);

                endpoint.set(null);
                exitCodes.add(server.kill());
                Ledger.Counts atKill = ledger.counts();
                phases.add(String.format("phase %d: %d ms after the first ack, acknowledged +%d, sent +%d",
                        kill, phase, atKill.acknowledged() - before.acknowledged(), atKill.sent() - before.sent()));
                report("SIGKILL #%d after %d ms: %s", kill, phase, atKill);

                server.startAgain();
                endpoint.set(server.tcpUri());
                report("restart #%d took %d ms", kill, server.lastStartTime().toMillis());
            }
            awaitFirstAck(ledger, ledger.counts().acknowledged(), KILLS + 1);
            Paho.pause(TAIL.toMillis());

            publishers.forEach(Publisher::stopNumbering);
            long drainDeadline = System.nanoTime() + DRAIN.toNanos();
            for (Publisher publisher : publishers) {
                publisher.join(Math.max(1, (drainDeadline - System.nanoTime()) / 1_000_000));
            }
            awaitDeliveries(ledger, hardDeadline);
        } catch (AssertionError waitedInVain) {
            gaveUp = waitedInVain.getMessage(); // the counts below say more; asserted last
            report("gave up waiting: %s", gaveUp);
        } finally {
            publishers.forEach(Publisher::shutdown);
            subscriber.shutdown();
        }

        Ledger.Counts counts = ledger.counts();
        report("server args: %s", server.args());
        phases.forEach(phase -> report("%s", phase));
        report("publishers: %d, connections: %s", PUBLISHERS, publishers.stream().map(p -> p.connections).toList());
        report("subscriber connections: %d, session-present violations: %s", subscriber.connections(),
                subscriber.violations());
        report("RESULT %s", counts);

        assertThat(server.logLines(Pattern.compile("session_queue_full"))).as("no queue bound was reached: "
                + "a rejection would be legitimate and make the accounting moot").isEmpty();
        assertThat(counts.unexpected()).as("messages the publishers never sent: %s", counts).isZero();
        assertThat(subscriber.violations()).as("CONNACK of the subscriber's reconnections").isEmpty();
        assertThat(counts.lost()).as("acknowledged but never delivered: %s; first lost: %s", counts,
                ledger.lostSample(20)).isZero();
        assertThat(exitCodes).as("each kill was a SIGKILL of a running server").hasSize(KILLS).containsOnly(137);
        assertThat(subscriber.connections()).as("the subscriber reconnected after each kill")
                .isGreaterThanOrEqualTo(KILLS + 1);
        assertThat(counts.acknowledged()).as("there was traffic: %s", counts).isGreaterThan(1000);
        assertThat(counts.sent() - counts.acknowledged())
                .as("after the last restart every resent message is acknowledged: %s", counts).isZero();
        assertThat(gaveUp).as("every wait of the run succeeded").isNull();
    }

    private static void awaitFirstAck(Ledger ledger, long acknowledgedBefore, int phase) {
        await(() -> ledger.counts().acknowledged() > acknowledgedBefore, FIRST_ACK,
                "a PUBACK from the server of phase " + phase);
    }

    /** Waits until every acknowledged message was delivered, as long as deliveries keep coming. */
    private static void awaitDeliveries(Ledger ledger, long hardDeadline) {
        long delivered = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            Ledger.Counts counts = ledger.counts();
            if (counts.lost() == 0) {
                return;
            }
            if (counts.delivered() + counts.duplicated() != delivered) {
                delivered = counts.delivered() + counts.duplicated();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > DELIVERY_STALL.toNanos() || System.nanoTime() > hardDeadline) {
                throw new AssertionError("deliveries stopped (none for " + DELIVERY_STALL + ") with " + counts);
            }
            Paho.pause(50);
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            Paho.pause(20);
        }
    }

    static void report(String format, Object... args) {
        System.out.println("CRASH-SAFETY " + String.format(format, args));
    }

    static byte[] payload(String run, int publisher, int number) {
        return (run + ":" + publisher + ":" + number).getBytes(StandardCharsets.UTF_8);
    }

    /** The plain MQTT URI of the running server; {@code null} while it is down. */
    static final class Endpoint {
        private volatile String uri;

        Endpoint(String uri) {
            this.uri = uri;
        }

        String get() {
            return uri;
        }

        void set(String value) {
            uri = value;
        }
    }

    /** What was sent, acknowledged and delivered, per publisher and message number. */
    static final class Ledger {
        private final BitSet[] sent;
        private final BitSet[] acknowledged;
        private final BitSet[] delivered;
        private long sentCount;
        private long deliveredCount;
        private long duplicated;
        private long unexpected;
        private final List<String> unexpectedSample = new ArrayList<>();

        Ledger(int publishers) {
            sent = new BitSet[publishers];
            acknowledged = new BitSet[publishers];
            delivered = new BitSet[publishers];
            for (int i = 0; i < publishers; i++) {
                sent[i] = new BitSet();
                acknowledged[i] = new BitSet();
                delivered[i] = new BitSet();
            }
        }

        synchronized void sent(int publisher, int number) {
            if (!sent[publisher].get(number)) {
                sent[publisher].set(number);
                sentCount++;
            }
        }

        /** Messages sent (distinct) that the subscriber has not received yet. */
        synchronized long backlog() {
            return sentCount - deliveredCount;
        }

        synchronized void acknowledged(int publisher, int number) {
            acknowledged[publisher].set(number);
        }

        synchronized boolean isAcknowledged(int publisher, int number) {
            return acknowledged[publisher].get(number);
        }

        /** Numbers sent but not (yet) acknowledged, in order: what a reconnecting publisher resends. */
        synchronized Deque<Integer> unacknowledged(int publisher) {
            BitSet open = (BitSet) sent[publisher].clone();
            open.andNot(acknowledged[publisher]);
            Deque<Integer> numbers = new ArrayDeque<>();
            open.stream().forEach(numbers::add);
            return numbers;
        }

        synchronized boolean allAcknowledged(int publisher) {
            BitSet open = (BitSet) sent[publisher].clone();
            open.andNot(acknowledged[publisher]);
            return open.isEmpty();
        }

        synchronized void delivered(int publisher, int number) {
            if (!sent[publisher].get(number)) {
                unexpected("never sent: publisher " + publisher + " #" + number);
            } else if (delivered[publisher].get(number)) {
                duplicated++;
            } else {
                delivered[publisher].set(number);
                deliveredCount++;
            }
        }

        synchronized void unexpected(String what) {
            unexpected++;
            if (unexpectedSample.size() < 20) {
                unexpectedSample.add(what);
            }
        }

        synchronized Counts counts() {
            long s = 0;
            long a = 0;
            long d = 0;
            long deliveredUnacknowledged = 0;
            long lost = 0;
            for (int p = 0; p < sent.length; p++) {
                s += sent[p].cardinality();
                a += acknowledged[p].cardinality();
                d += delivered[p].cardinality();
                BitSet missing = (BitSet) acknowledged[p].clone();
                missing.andNot(delivered[p]);
                lost += missing.cardinality();
                BitSet extra = (BitSet) delivered[p].clone();
                extra.andNot(acknowledged[p]);
                deliveredUnacknowledged += extra.cardinality();
            }
            return new Counts(s, a, d, duplicated, lost, deliveredUnacknowledged, unexpected,
                    List.copyOf(unexpectedSample));
        }

        /** Up to {@code max} lost messages as {@code publisher#number}. */
        synchronized List<String> lostSample(int max) {
            List<String> sample = new ArrayList<>();
            for (int p = 0; p < sent.length && sample.size() < max; p++) {
                BitSet missing = (BitSet) acknowledged[p].clone();
                missing.andNot(delivered[p]);
                for (int n = missing.nextSetBit(0); n >= 0 && sample.size() < max; n = missing.nextSetBit(n + 1)) {
                    sample.add(p + "#" + n);
                }
            }
            return sample;
        }

        record Counts(long sent, long acknowledged, long delivered, long duplicated, long lost,
                long deliveredUnacknowledged, long unexpected, List<String> unexpectedSample) {
            @Override
            public String toString() {
                return "sent=" + sent + " acknowledged=" + acknowledged + " delivered=" + delivered
                        + " duplicated=" + duplicated + " lost=" + lost
                        + " delivered-but-unacknowledged=" + deliveredUnacknowledged + " unexpected=" + unexpected
                        + (unexpectedSample.isEmpty() ? "" : " " + unexpectedSample);
            }
        }
    }

    /** A device sending numbered QoS 1 messages to its {@code events}, resending what was not acknowledged. */
    static final class Publisher {
        private final int index;
        private final Endpoint endpoint;
        private final Identity device;
        private final String topic;
        private final String run;
        private final Ledger ledger;
        private final long hardDeadline;
        private final Thread thread;
        private volatile boolean numbering = true;
        private volatile boolean shutdown;
        private int next;
        volatile int connections;

        Publisher(int index, Endpoint endpoint, Identity device, String run, Ledger ledger, long hardDeadline) {
            this.index = index;
            this.endpoint = endpoint;
            this.device = device;
            this.topic = device.topic("events");
            this.run = run;
            this.ledger = ledger;
            this.hardDeadline = hardDeadline;
            this.thread = new Thread(this::run, "crash-publisher-" + index);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /** No new numbers from now on; resend until everything sent is acknowledged, then end. */
        void stopNumbering() {
            numbering = false;
        }

        void join(long millis) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void shutdown() {
            shutdown = true;
            join(Paho.WAIT.toMillis() * 2);
        }

        private boolean going() {
            return !shutdown && System.nanoTime() < hardDeadline;
        }

        private void run() {
            while (going() && (numbering || !ledger.allAcknowledged(index))) {
                String uri = endpoint.get();
                if (uri == null) {
                    Paho.pause(20);
                    continue;
                }
                MqttAsyncClient client = Paho.client(uri, "crash-pub-" + index + "-" + run);
                AtomicBoolean lost = new AtomicBoolean();
                boolean connected = false;
                try {
                    client.setCallback(new MqttCallback() {
                        @Override
                        public void connectionLost(Throwable cause) {
                            lost.set(true);
                        }

                        @Override
                        public void messageArrived(String t, MqttMessage m) {
                            // publishers subscribe to nothing
                        }

                        @Override
                        public void deliveryComplete(IMqttDeliveryToken token) {
                            // counted in the listener of each token
                        }
                    });
                    client.connect(Paho.options(device, true)).waitForCompletion(Paho.WAIT.toMillis());
                    connected = true;
                    connections++;
                    publishOn(client, lost);
                } catch (MqttException refusedOrDown) {
                    Paho.pause(100);
                } finally {
                    // polite only at the very end, when nothing is left to resend
                    Paho.close(client, connected && !lost.get() && !numbering && ledger.allAcknowledged(index));
                }
            }
        }

        private void publishOn(MqttAsyncClient client, AtomicBoolean lost) {
            Semaphore window = new Semaphore(WINDOW);
            Deque<Integer> resend = ledger.unacknowledged(index);
            while (going() && !lost.get()) {
                try {
                    if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                Integer number = null;
                while (!resend.isEmpty() && number == null) {
                    int candidate = resend.poll();
                    if (!ledger.isAcknowledged(index, candidate)) {
                        number = candidate;
                    }
                }
                if (number == null && numbering) {
                    if (ledger.backlog() > MAX_BACKLOG) {
                        window.release();
                        Paho.pause(5); // let the subscriber catch up
                        continue;
                    }
                    number = next++;
                }
                if (number == null) {
                    window.release();
                    if (ledger.allAcknowledged(index)) {
                        return;
                    }
                    Paho.pause(5); // the last acknowledgements are on their way
                    continue;
                }
                int n = number;
                ledger.sent(index, n);
                AtomicBoolean released = new AtomicBoolean();
                Runnable release = () -> {
                    if (released.compareAndSet(false, true)) {
                        window.release();
                    }
                };
                try {
                    client.publish(topic, payload(run, index, n), 1, false, null, new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            ledger.acknowledged(index, n); // Paho completes a QoS 1 token on its PUBACK
                            release.run();
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable failure) {
                            release.run(); // resent on the next connection
                        }
                    });
                } catch (MqttException e) {
                    release.run();
                    if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                        resend.addFirst(n);
                        Paho.pause(1);
                        continue;
                    }
                    return; // the connection is gone: reconnect and resend
                }
            }
        }
    }

    /** The registry's persistent session, counting every message it receives. */
    static final class Subscriber {
        private final Endpoint endpoint;
        private final Identity registry;
        private final String clientId;
        private final String[] filters;
        private final Map<String, Integer> publisherByTopic = new HashMap<>();
        private final String run;
        private final Ledger ledger;
        private final long hardDeadline;
        private final Thread thread;
        private final List<String> violations = new ArrayList<>();
        private volatile boolean subscribed;
        private volatile boolean shutdown;
        private volatile int connections;

        Subscriber(Endpoint endpoint, Identity registry, String clientId, List<Identity> devices, String run,
                Ledger ledger, long hardDeadline) {
            this.endpoint = endpoint;
            this.registry = registry;
            this.clientId = clientId;
            this.filters = new String[devices.size()];
            for (int i = 0; i < devices.size(); i++) {
                filters[i] = devices.get(i).topic("events");
                publisherByTopic.put(filters[i], i);
            }
            this.run = run;
            this.ledger = ledger;
            this.hardDeadline = hardDeadline;
            this.thread = new Thread(this::run, "crash-subscriber");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        boolean subscribed() {
            return subscribed;
        }

        int connections() {
            return connections;
        }

        synchronized List<String> violations() {
            return List.copyOf(violations);
        }

        private synchronized void violation(String what) {
            violations.add(what);
        }

        /** Disconnects (DISCONNECT) and ends the thread. */
        void shutdown() {
            shutdown = true;
            try {
                thread.join(Paho.WAIT.toMillis() * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void record(String topic, MqttMessage message) {
            Integer publisher = publisherByTopic.get(topic);
            String text = new String(message.getPayload(), StandardCharsets.UTF_8);
            String[] parts = text.split(":");
            if (publisher == null || parts.length != 3 || !parts[0].equals(run)
                    || !parts[1].equals(Integer.toString(publisher))) {
                ledger.unexpected(topic + " '" + text + "'");
                return;
            }
            ledger.delivered(publisher, Integer.parseInt(parts[2]));
        }

        private void run() {
            while (!shutdown && System.nanoTime() < hardDeadline) {
                String uri = endpoint.get();
                if (uri == null) {
                    Paho.pause(20);
                    continue;
                }
                MqttAsyncClient client = Paho.client(uri, clientId);
                AtomicBoolean lost = new AtomicBoolean();
                client.setCallback(new MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {
                        lost.set(true);
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        record(topic, message); // before Paho sends the PUBACK
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {
                        // the subscriber publishes nothing
                    }
                });
                try {
                    IMqttToken connect = client.connect(Paho.options(registry, false));
                    connect.waitForCompletion(Paho.WAIT.toMillis());
                    int connection = ++connections;
                    boolean present = connect.getSessionPresent();
                    if (connection == 1 && present) {
                        violation("connection 1: session-present=1 for a new ClientID");
                    } else if (connection > 1 && !present) {
                        violation("connection " + connection + ": session-present=0, the session was lost");
                    }
                    if (!subscribed || !present) {
                        int[] qos = new int[filters.length];
                        java.util.Arrays.fill(qos, 1);
                        IMqttToken suback = client.subscribe(filters, qos);
                        suback.waitForCompletion(Paho.WAIT.toMillis());
                        for (int granted : suback.getGrantedQos()) {
                            if (granted != 1) {
                                violation("SUBACK " + java.util.Arrays.toString(suback.getGrantedQos()));
                            }
                        }
                        subscribed = true;
                    }
                    while (!shutdown && !lost.get() && System.nanoTime() < hardDeadline) {
                        Paho.pause(20);
                    }
                } catch (MqttException refusedOrDown) {
                    Paho.pause(100);
                } finally {
                    Paho.close(client, shutdown && !lost.get());
                }
            }
        }
    }
}
