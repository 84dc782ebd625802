package iotcore.server.durability;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.server.mqtt.FailureLog;
import iotcore.server.mqtt.Identity;
import iotcore.server.mqtt.MqttApi;
import iotcore.testkit.Jcmd;
import iotcore.testkit.mqtt.RawMqttConnection;
import iotcore.testkit.mqtt.TestMqttClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * A subscriber that stops reading (issue 4 "Bounded memory", docs/durability.md "Options"): its
 * backlog stays in its bounded session queue, never in the broker's memory; the overflow is rejected,
 * logged and counted, never dropped silently; other subscribers get everything.
 *
 * <h2>Setup</h2>
 * Server: {@code --mqtt-port 0 --session-queue-messages 1000}, JVM options
 * {@code -XX:NativeMemoryTracking=summary -Xmx512m} (NMT to see direct memory; the heap cap only keeps a
 * runaway server from taking the machine). One registry R with {@value #PUBLISHERS} devices.
 * <ul>
 *   <li>The <em>stuck</em> subscriber: R over a raw plain TCP socket with a 4 KiB receive buffer
 *       ({@code SO_RCVBUF} before connecting, so its TCP window closes at once), CONNECT
 *       cleanSession=0 keep-alive 0, SUBSCRIBE QoS 1 to every device's {@code events}; it reads its
 *       CONNACK and SUBACK and then nothing at all.</li>
 *   <li>The <em>reader</em>: R again (another ClientID, cleanSession=0, Paho), reading everything.</li>
 *   <li>Publishers: the devices, each publishing QoS 1 and waiting for the PUBACK, payloads of
 *       {@value #PAYLOAD_BYTES} bytes; {@value #FLOOD} messages in all, 10× the stuck session's bound.
 *       They wait while the reader is more than {@value #MAX_READER_LAG} messages behind, so that the
 *       reader's own queue (same bound) never fills: its deliveries tell nothing about the stuck one
 *       otherwise.</li>
 * </ul>
 * A warm-up of {@value #WARM_UP} messages (reader only) runs before the stuck subscriber subscribes.
 *
 * <h2>Memory: what is measured and the bound asserted</h2>
 * Broker memory = the live Java heap (used right after a full GC: {@code jcmd GC.run}, then
 * {@code GC.heap_info}) + the NMT category "Other", where direct buffers (Netty's outbound buffers)
 * are committed. It is measured after the warm-up with the stuck subscriber subscribed, and again after
 * the whole flood was acknowledged and read by the reader, the stuck subscriber still stuck. The growth
 * must stay under {@link #MEMORY_BOUND}: the stuck session may legitimately hold its whole queue in
 * memory (1000 × 16 KiB = 16 MiB) plus 32 MiB of slack for allocator pools, caches and GC noise.
 * A broker that kept the backlog in memory (in the channel's outbound buffer or an unbounded queue)
 * would grow by about the flood, 160 MiB, minus what the kernel's socket buffers absorb (at most a
 * few MiB: {@code tcp_wmem} max 4 MiB on the test machine, the client's window 4 KiB): more than 3×
 * the bound. Memory a native store allocates itself (RocksDB's memtables and caches) is not counted:
 * it is bounded by the store's configuration, not by the backlog. The figures are printed
 * ({@code SLOW-CONSUMER ...} lines).
 *
 * <h2>Accounting</h2>
 * After the measurement the stuck session is taken over by a new reading connection (same ClientID,
 * cleanSession=0, session-present=1): it receives the messages that were in flight on the stuck socket
 * (again, with DUP) and its queue. Every flood message was either delivered to it or rejected:
 * distinct delivered + {@code iot_session_queue_rejected_total{registry="R"}} = {@value #FLOOD}, and
 * delivered ≤ 1000 queued + 128 in flight (docs/mqtt.md). The log has
 * {@code session_queue_full session=<identity>/<stuck ClientID> dropped_total=N} with 0 < N ≤ the metric.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SlowConsumerIT {

    static final int PUBLISHERS = 4;
    static final int QUEUE_BOUND = 1000;
    static final int INFLIGHT_WINDOW = 128;
    static final int FLOOD = 10 * QUEUE_BOUND;
    static final int PAYLOAD_BYTES = 16 * 1024;
    static final int WARM_UP = 400;
    static final int MAX_READER_LAG = QUEUE_BOUND / 2;
    static final long MEMORY_BOUND = (long) QUEUE_BOUND * PAYLOAD_BYTES + 32L * 1024 * 1024;
    static final String[] SERVER_ARGS = {"--session-queue-messages", Integer.toString(QUEUE_BOUND)};
    static final List<String> SERVER_JVM_ARGS = List.of("-XX:NativeMemoryTracking=summary", "-Xmx512m");

    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path dataDir;

    private DurableServer server;
    private final List<MqttAsyncClient> clients = new ArrayList<>();

    @RegisterExtension
    final FailureLog.OnFailure serverLogOnFailure = new FailureLog.OnFailure(
            () -> server == null ? null : server.process());

    @AfterEach
    void stop() {
        clients.forEach(client -> Paho.close(client, false));
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aSubscriberThatStopsReadingCostsItsBoundedQueueAndOthersGetEverything() throws Exception {
        server = DurableServer.start(dataDir, SERVER_JVM_ARGS, SERVER_ARGS);
        report("server args %s, JVM %s", server.args(), SERVER_JVM_ARGS);
        long pid = server.process().pid();
        MqttApi api = server.api();
        Fleet fleet = warmedUpFleet("slow");
        Identity registry = fleet.registry();
        List<Identity> devices = fleet.devices();
        String[] filters = fleet.filters();
        String run = fleet.reader().run;
        Counter reader = fleet.reader();
        MqttAsyncClient readerClient = fleet.readerClient();
        List<MqttAsyncClient> publishers = fleet.publishers();

        String stuckId = unique("stuck");
        RawMqttConnection stuck = RawMqttConnection.plain(server.mqtt().plainPort(), 4096);
        try {
            stuck.send(RawMqttConnection.connect(stuckId, false, 0, registry.id(), registry.password()));
            assertThat(stuck.readConnackCode()).as("CONNACK of the stuck subscriber").isZero();
            stuck.send(RawMqttConnection.subscribe(1, 1, filters));
            RawMqttConnection.Packet suback = stuck.read(TestMqttClient.WAIT);
            assertThat(suback).as("SUBACK").isNotNull();
            assertThat(suback.type()).as("SUBACK").isEqualTo(9);
            byte[] granted = Arrays.copyOfRange(suback.body(), 2, suback.body().length);
            assertThat(granted).as("granted QoS").containsOnly(1).hasSize(filters.length);
            // from here on the stuck subscriber reads nothing

            long heapBefore = Jcmd.liveHeapBytes(pid);
            long directBefore = Jcmd.nativeMemoryCommittedBytes(pid, "Other");
            report("before the flood: live heap %s, NMT Other %s, RSS %s", mib(heapBefore), mib(directBefore),
                    mib(rss(pid)));

            long start = System.nanoTime();
            publishAll(publishers, devices, "flood", FLOOD, reader);
            awaitCount(() -> reader.distinct("flood"), FLOOD, "flood messages at the reader");
            report("flood of %d × %d bytes acknowledged and read in %d ms", FLOOD, PAYLOAD_BYTES,
                    Duration.ofNanos(System.nanoTime() - start).toMillis());

            long heapAfter = Jcmd.liveHeapBytes(pid);
            long directAfter = Jcmd.nativeMemoryCommittedBytes(pid, "Other");
            long growth = heapAfter + directAfter - heapBefore - directBefore;
            report("after the flood, stuck subscriber still stuck: live heap %s, NMT Other %s, RSS %s; growth %s "
                            + "(bound %s, flood %s)", mib(heapAfter), mib(directAfter), mib(rss(pid)), mib(growth),
                    mib(MEMORY_BOUND), mib((long) FLOOD * PAYLOAD_BYTES));

            assertThat(reader.distinct("flood")).as("the reading subscriber got every message").isEqualTo(FLOOD);
            assertThat(reader.unexpected()).as("unexpected messages at the reader").isZero();
            assertThat(growth).as("growth of live heap + direct memory while %d × %d bytes were published to a "
                    + "subscriber that reads nothing (bound: its queue of %d messages + 32 MiB)", FLOOD, PAYLOAD_BYTES,
                    QUEUE_BOUND).isLessThan(MEMORY_BOUND);

            Pattern logged = Pattern.compile("session_queue_full session=(\\S+)/" + Pattern.quote(stuckId)
                    + " dropped_total=(\\d+)");
            List<Matcher> lines = awaitLog(logged);
            long loggedDropped = lines.stream().mapToLong(m -> Long.parseLong(m.group(2))).max().orElse(0);
            double rejected = awaitStableMetric(api, registry.id());
            report("log: %d session_queue_full lines for %s, last dropped_total=%d; metric "
                    + "iot_session_queue_rejected_total{registry=\"%s\"} = %s", lines.size(), stuckId, loggedDropped,
                    registry.id(), rejected);
            assertThat(loggedDropped).as("dropped_total logged").isPositive().isLessThanOrEqualTo((long) rejected);
            assertThat(rejected).as("rejected messages counted").isGreaterThanOrEqualTo(FLOOD / 2.0);

            Counter resumed = new Counter(run);
            MqttAsyncClient takeOver = subscribe(registry, stuckId, null, resumed, true);
            awaitQuiet(resumed);
            long delivered = resumed.distinct("flood");
            report("stuck session taken over: %d distinct flood messages delivered (%d receptions), %s rejected",
                    delivered, resumed.receptions(), rejected);
            assertThat(delivered + (long) rejected).as("every flood message was delivered to the stuck session "
                    + "or counted as rejected (delivered %s, rejected %s)", delivered, rejected).isEqualTo(FLOOD);
            assertThat(delivered).as("at most the queue bound plus the inflight window")
                    .isLessThanOrEqualTo(QUEUE_BOUND + INFLIGHT_WINDOW);
            Paho.close(takeOver, true);
        } finally {
            stuck.close();
        }
        Paho.close(readerClient, true);
    }

    /**
     * The same flood to a subscriber that stops reading and subscribed at QoS 0: its copies are dropped once its
     * outbound buffer holds 1 MiB (docs/mqtt.md), so the server's memory does not grow by the flood and the reader
     * still gets every message. Bound: 1 MiB of buffer + the same 32 MiB of slack as above.
     */
    @Test
    void aQos0SubscriberThatStopsReadingLosesQos0MessagesNotTheServersMemory() throws Exception {
        server = DurableServer.start(dataDir, SERVER_JVM_ARGS, SERVER_ARGS);
        long pid = server.process().pid();
        Fleet fleet = warmedUpFleet("slow0");
        Identity registry = fleet.registry();
        List<Identity> devices = fleet.devices();
        String[] filters = fleet.filters();
        Counter reader = fleet.reader();
        MqttAsyncClient readerClient = fleet.readerClient();
        List<MqttAsyncClient> publishers = fleet.publishers();

        try (RawMqttConnection stuck = RawMqttConnection.plain(server.mqtt().plainPort(), 4096)) {
            stuck.send(RawMqttConnection.connect(unique("stuck0"), true, 0, registry.id(), registry.password()));
            assertThat(stuck.readConnackCode()).as("CONNACK of the stuck subscriber").isZero();
            stuck.send(RawMqttConnection.subscribe(1, 0, filters));
            RawMqttConnection.Packet suback = stuck.read(TestMqttClient.WAIT);
            assertThat(suback).as("SUBACK").isNotNull();
            assertThat(suback.type()).as("SUBACK").isEqualTo(9);

            long heapBefore = Jcmd.liveHeapBytes(pid);
            long directBefore = Jcmd.nativeMemoryCommittedBytes(pid, "Other");
            publishAll(publishers, devices, "flood", FLOOD, reader);
            awaitCount(() -> reader.distinct("flood"), FLOOD, "flood messages at the reader");
            long growth = Jcmd.liveHeapBytes(pid) + Jcmd.nativeMemoryCommittedBytes(pid, "Other") - heapBefore
                    - directBefore;
            long bound = (1L << 20) + 32L * 1024 * 1024;
            report("QoS 0: growth of live heap + NMT Other %s while %s went to a QoS 0 subscriber that reads nothing "
                    + "(bound %s)", mib(growth), mib((long) FLOOD * PAYLOAD_BYTES), mib(bound));
            assertThat(reader.distinct("flood")).as("the reading subscriber got every message").isEqualTo(FLOOD);
            assertThat(growth).as("memory growth while a QoS 0 subscriber reads nothing").isLessThan(bound);
        }
        Paho.close(readerClient, true);
    }

    private record Fleet(Identity registry, List<Identity> devices, String[] filters, Counter reader,
            MqttAsyncClient readerClient, List<MqttAsyncClient> publishers) {
    }

    /** One registry with {@value #PUBLISHERS} publishing devices, its reading subscriber, after the warm-up. */
    private Fleet warmedUpFleet(String prefix) throws Exception {
        MqttApi api = server.api();
        Identity registry = api.newRegistry(api.newFolder(), prefix + "-registry");
        List<Identity> devices = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            devices.add(api.newDevice(registry, prefix + "-device-" + i));
        }
        String[] filters = devices.stream().map(d -> d.topic("events")).toArray(String[]::new);
        Counter reader = new Counter(unique(prefix));
        MqttAsyncClient readerClient = subscribe(registry, unique("reader"), filters, reader, false);
        List<MqttAsyncClient> publishers = new ArrayList<>();
        for (Identity device : devices) {
            MqttAsyncClient publisher = Paho.client(server.tcpUri(), unique("publisher"));
            clients.add(publisher);
            publisher.connect(Paho.options(device, true)).waitForCompletion(Paho.WAIT.toMillis());
            publishers.add(publisher);
        }
        publishAll(publishers, devices, "warm", WARM_UP, reader);
        awaitCount(() -> reader.distinct("warm"), WARM_UP, "warm-up messages at the reader");
        return new Fleet(registry, devices, filters, reader, readerClient, publishers);
    }

    /** Sends {@code count} numbered messages round-robin over the publishers, each waiting for its PUBACK. */
    private void publishAll(List<MqttAsyncClient> publishers, List<Identity> devices, String phase, int count,
            Counter reader) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers.size(); p++) {
            MqttAsyncClient publisher = publishers.get(p);
            String topic = devices.get(p).topic("events");
            Thread thread = new Thread(() -> {
                try {
                    for (int n = next.getAndIncrement(); n < count && failure.get() == null; n = next.getAndIncrement()) {
                        while (n - reader.distinct(phase) > MAX_READER_LAG) {
                            if (System.nanoTime() > deadline) {
                                throw new AssertionError("the reader stopped at " + reader.distinct(phase) + " of "
                                        + phase);
                            }
                            Paho.pause(2);
                        }
                        publisher.publish(topic, payload(reader.run, phase, n), 1, false)
                                .waitForCompletion(Paho.WAIT.toMillis());
                    }
                } catch (MqttException | RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }, "slow-publisher-" + p);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        if (failure.get() != null) {
            throw new AssertionError("a " + phase + " publish was not acknowledged (every message must be: it "
                    + "was stored for the reader)", failure.get());
        }
        assertThat(threads).as("publishers finished within %s", LIMIT).noneMatch(Thread::isAlive);
    }

    private MqttAsyncClient subscribe(Identity registry, String clientId, String[] filters, Counter counter,
            boolean expectSession) throws MqttException {
        MqttAsyncClient client = Paho.client(server.tcpUri(), clientId);
        clients.add(client);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // asserted through the counts
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                counter.record(message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // publishes nothing
            }
        });
        IMqttToken connect = client.connect(Paho.options(registry, false));
        connect.waitForCompletion(Paho.WAIT.toMillis());
        assertThat(connect.getSessionPresent()).as("session-present of %s", clientId).isEqualTo(expectSession);
        if (filters != null) {
            int[] qos = new int[filters.length];
            Arrays.fill(qos, 1);
            IMqttToken suback = client.subscribe(filters, qos);
            suback.waitForCompletion(Paho.WAIT.toMillis());
            assertThat(suback.getGrantedQos()).containsOnly(1);
        }
        return client;
    }

    private static void awaitCount(java.util.function.IntSupplier count, int expected, String what) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (count.getAsInt() < expected && System.nanoTime() < deadline) {
            Paho.pause(20);
        }
        assertThat(count.getAsInt()).as(what).isEqualTo(expected);
    }

    /** Waits until nothing new arrived for {@link #QUIET} (at most {@link #LIMIT}). */
    private static void awaitQuiet(Counter counter) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        long seen = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = counter.receptions();
            if (now != seen) {
                seen = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > QUIET.toNanos()) {
                return;
            }
            Paho.pause(50);
        }
    }

    private List<Matcher> awaitLog(Pattern pattern) {
        long deadline = System.nanoTime() + MqttApi.EVENTUALLY.toNanos();
        List<Matcher> lines = server.logLines(pattern);
        while (lines.isEmpty() && System.nanoTime() < deadline) {
            Paho.pause(100);
            lines = server.logLines(pattern);
        }
        assertThat(lines).as("server log lines matching %s", pattern).isNotEmpty();
        return lines;
    }

    /** The rejected-messages metric once it is positive and unchanged for a second (at most 10 s). */
    private static double awaitStableMetric(MqttApi api, String registryId) {
        long deadline = System.nanoTime() + MqttApi.EVENTUALLY.toNanos();
        double previous = Double.NaN;
        while (true) {
            double value = api.registryMetric("iot_session_queue_rejected_total", registryId);
            if (value > 0 && value == previous) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                assertThat(value).as("iot_session_queue_rejected_total{registry=\"%s\"} in GET /metrics (-1: absent)",
                        registryId).isPositive();
                return value;
            }
            previous = value;
            Paho.pause(1000);
        }
    }

    static byte[] payload(String run, String phase, int n) {
        byte[] payload = new byte[PAYLOAD_BYTES];
        Arrays.fill(payload, (byte) '.');
        byte[] head = (run + ":" + phase + ":" + n + ":").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, payload, 0, head.length);
        return payload;
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // informative only
        }
        return -1;
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    static void report(String format, Object... args) {
        System.out.println("SLOW-CONSUMER " + String.format(format, args));
    }

    /** Distinct numbered messages received, per phase. */
    static final class Counter {
        final String run;
        private final BitSet warm = new BitSet();
        private final BitSet flood = new BitSet();
        private long receptions;
        private long unexpected;

        Counter(String run) {
            this.run = run;
        }

        synchronized void record(byte[] payload) {
            receptions++;
            String head = new String(payload, 0, Math.min(payload.length, 120), StandardCharsets.UTF_8);
            String[] parts = head.split(":");
            if (payload.length != PAYLOAD_BYTES || parts.length < 4 || !parts[0].equals(run)) {
                unexpected++;
                return;
            }
            BitSet phase = parts[1].equals("warm") ? warm : parts[1].equals("flood") ? flood : null;
            if (phase == null) {
                unexpected++;
                return;
            }
            phase.set(Integer.parseInt(parts[2]));
        }

        synchronized int distinct(String phase) {
            return phase.equals("warm") ? warm.cardinality() : flood.cardinality();
        }

        synchronized long receptions() {
            return receptions;
        }

        synchronized long unexpected() {
            return unexpected;
        }
    }
}
