package iotcore.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * One {@code bench pubsub} run: M subscribers connect and subscribe, N publishers connect, then publish for the
 * warm-up and the measured duration, stop, and the subscribers drain what is still on its way.
 *
 * <pre>
 *   connect+subscribe | connect | warm-up ........ | measured ............ | drain | disconnect
 *                                 t0               T0                     T1
 * </pre>
 *
 * A message is measured when its send time is in [T0, T1): its end-to-end latency goes to the histogram. Delivered
 * msg/s counts every copy received in [T0, T1) by arrival time, over the measured duration. Broker CPU time is read
 * at T0 and T1. Every copy of every message sent (warm-up included) that a matching subscriber has not received after
 * the drain is either refused (the broker said so: iotcore's count of QoS 1 copies refused for a full session queue,
 * read before and after the run when {@code refusals} is given) or lost.
 *
 * <p>Pacing. Closed loop (no rate): a publisher keeps at most {@code window} messages on their way end to end, i.e.
 * sent but not yet received by every subscriber that should get them; at QoS 0 a stalled window (a dropped message)
 * is written off after {@code windowTimeout}, at QoS 1 it is waited for (a broker that falls behind slows the
 * publishers; writing its backlog off would only grow it). Fixed rate: each publisher sends on a schedule, and a
 * message's timestamp is its scheduled time, so a broker (or tool) that falls behind shows as latency, not as a lower
 * rate (no coordinated omission). Either way QoS 1 publishers keep at most {@code inflight} PUBLISHes without PUBACK.
 */
public final class PubSubRun {

    /** What to run. {@code rate} is the total msg/s over all publishers, 0 for a closed loop. */
    public record Config(int qos, int payloadSize, double rate, int window, int inflight, Duration warmup, Duration duration,
                         Duration drain, Duration windowTimeout, int connectConcurrency) {
    }

    /**
     * The outcome; latency in nanoseconds. {@code copies}: of every message sent, warm-up included; {@code refused}: of
     * those, refused by the broker (null when it cannot tell); {@code lost}: the others not received.
     */
    public record Result(int publishers, int subscribers, long matchedPairs, double measuredSeconds, long sent,
                         long expectedCopies, long deliveredInWindow, long receivedMeasured, long copies, Long refused, long lost,
                         long duplicated, long foreign, long unexpected, long windowTimeouts, Histogram latency,
                         Long brokerCpuNanos, Long brokerRssBytes, long benchCpuNanos, long connectMillis) {
        public double sentPerSecond() {
            return sent / measuredSeconds;
        }

        public double deliveredPerSecond() {
            return deliveredInWindow / measuredSeconds;
        }
    }

    private static final long NOT_WAITING = Long.MAX_VALUE;
    private static final int MAX_BATCH = 4096;
    /** The drain ends when nothing arrived for this long. */
    private static final long DRAIN_IDLE_NANOS = 3_000_000_000L;

    private final Config config;
    private final Clients clients;
    private final List<ClientSpec> pubSpecs;
    private final List<ClientSpec> subSpecs;
    private final List<String> pubTopics;
    private final List<String> subFilters;
    private final ProcessStats broker;
    private final LongSupplier refusals;
    private final Progress progress;
    private final int runId = ThreadLocalRandom.current().nextInt();
    private final Latency latency = new Latency();
    private final LongAdder sentTotal = new LongAdder();
    private final LongAdder receivedTotal = new LongAdder();
    private final LongAdder uniqueReceived = new LongAdder();

    private Pub[] pubs;
    private Sub[] subs;
    private volatile long t0 = Long.MAX_VALUE;
    private volatile long measureStart = Long.MAX_VALUE;
    private volatile long measureEnd = Long.MAX_VALUE;
    private volatile String phase = "connecting";

    /** {@code refusals}: the broker's count of refused QoS 1 copies so far (-1: unknown), or null. */
    public PubSubRun(Config config, Clients clients, List<ClientSpec> pubSpecs, List<String> pubTopics,
                     List<ClientSpec> subSpecs, List<String> subFilters, ProcessStats broker, LongSupplier refusals,
                     Progress progress) {
        this.config = config;
        this.clients = clients;
        this.pubSpecs = pubSpecs;
        this.subSpecs = subSpecs;
        this.pubTopics = pubTopics;
        this.subFilters = subFilters;
        this.broker = broker;
        this.refusals = refusals;
        this.progress = progress;
    }

    public Result run() throws InterruptedException {
        int n = pubSpecs.size();
        int m = subSpecs.size();
        pubs = new Pub[n];
        subs = new Sub[m];
        long pairs = 0;
        for (int p = 0; p < n; p++) {
            pubs[p] = new Pub(p, pubTopics.get(p));
        }
        for (int s = 0; s < m; s++) {
            subs[s] = new Sub(s, n);
        }
        for (int p = 0; p < n; p++) {
            List<Integer> matched = new ArrayList<>();
            for (int s = 0; s < m; s++) {
                if (Topics.matches(subFilters.get(s), pubTopics.get(p))) {
                    subs[s].slotByPub[p] = matched.size();
                    matched.add(s);
                }
            }
            pubs[p].matched(matched.size());
            pairs += matched.size();
        }
        if (pairs == 0) {
            throw new IllegalArgumentException("no subscriber filter matches any publisher topic (publishers: " + pubTopics.get(0)
                    + " ..., subscribers: " + (m == 0 ? "none" : subFilters.get(0)) + " ...)");
        }
        long connectStart = System.nanoTime();
        AtomicInteger connected = new AtomicInteger();
        progress.show(() -> "[" + phase + "] connected " + connected.get() + " of " + (n + m));
        List<BenchClient> subClients = Connections.await(clients.connectAll(subSpecs, config.connectConcurrency(), i -> subs[i],
                connected::incrementAndGet), "subscriber");
        List<CompletableFuture<List<Integer>>> subAcks = new ArrayList<>();
        for (int s = 0; s < m; s++) {
            subs[s].client = subClients.get(s);
            subAcks.add(subs[s].client.subscribe(List.of(subFilters.get(s)), config.qos()));
        }
        for (int s = 0; s < m; s++) {
            List<Integer> codes = Connections.join(subAcks.get(s), "SUBACK for " + subFilters.get(s));
            if (codes.get(0) == 0x80) {
                throw new IllegalStateException("the broker refused subscriber " + s + "'s filter " + subFilters.get(s)
                        + " (SUBACK 0x80): not allowed for its identity?");
            }
        }
        List<BenchClient> pubClients = Connections.await(clients.connectAll(pubSpecs, config.connectConcurrency(), i -> pubs[i],
                connected::incrementAndGet), "publisher");
        for (int p = 0; p < n; p++) {
            pubs[p].client = pubClients.get(p);
        }
        long connectMillis = (System.nanoTime() - connectStart) / 1_000_000;
        long refused0 = refusals == null ? -1 : refusals.getAsLong();

        ProcessStats self = new ProcessStats(ProcessHandle.current().pid());
        long start = System.nanoTime() + 20_000_000; // a little ahead, so that every publisher starts on time
        t0 = start;
        measureStart = start + config.warmup().toNanos();
        measureEnd = measureStart + config.duration().toNanos();
        phase = "warm-up";
        progress.show(new Rates());
        for (Pub p : pubs) {
            p.loop().execute(p::start);
        }
        sleepUntil(measureStart);
        phase = "measure";
        long cpu0 = broker == null ? 0 : broker.cpuNanos();
        long self0 = self.cpuNanos();
        sleepUntil(measureEnd);
        long cpu1 = broker == null ? 0 : broker.cpuNanos();
        long self1 = self.cpuNanos();
        Long rss = broker == null ? null : broker.residentBytes();
        phase = "drain";
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Pub p : pubs) {
            CompletableFuture<Void> stopped = new CompletableFuture<>();
            p.loop().execute(() -> {
                p.stop();
                stopped.complete(null);
            });
            stops.add(stopped);
        }
        stops.forEach(f -> Connections.join(f, "stopping a publisher"));
        drain();
        long refused1 = refusals == null ? -1 : refusals.getAsLong();
        phase = "disconnect";
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Pub p : pubs) {
            closing.add(p.client.disconnect());
        }
        for (Sub s : subs) {
            closing.add(s.client.disconnect());
        }
        for (CompletableFuture<Void> c : closing) {
            try {
                c.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a close that does not finish still ends the run; the channel dies with the event loops
            }
        }
        return result(connectMillis, broker == null ? null : cpu1 - cpu0, rss, self1 - self0,
                refused0 < 0 || refused1 < 0 ? null : refused1 - refused0);
    }

    /** Waits until every copy of every message sent has arrived, nothing arrived for 3 s, or the drain time is over. */
    private void drain() throws InterruptedException {
        long expected = 0;
        for (Pub p : pubs) {
            expected += p.endSeq * p.matchedCount;
        }
        long deadline = System.nanoTime() + config.drain().toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long got = uniqueReceived.sum();
            if (got >= expected) {
                return;
            }
            if (got != last) {
                last = got;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > DRAIN_IDLE_NANOS) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private Result result(long connectMillis, Long brokerCpu, Long rss, long selfCpu, Long refused) {
        long sent = 0;
        long expectedCopies = 0;
        long receivedMeasured = 0;
        long copies = 0;
        long unreceived = 0;
        long duplicated = 0;
        long foreign = 0;
        long unexpected = 0;
        long delivered = 0;
        long timeouts = 0;
        long pairs = 0;
        for (Pub p : pubs) {
            long measured = Math.max(0, p.endSeq - p.firstMeasured);
            sent += measured;
            expectedCopies += measured * p.matchedCount;
            timeouts += p.windowTimeouts;
            pairs += p.matchedCount;
        }
        for (Sub s : subs) {
            duplicated += s.duplicated;
            foreign += s.foreign;
            unexpected += s.unexpected;
            delivered += s.deliveredInWindow;
            for (int p = 0; p < pubs.length; p++) {
                if (s.slotByPub[p] < 0) {
                    continue;
                }
                Pub pub = pubs[p];
                BitSet seen = s.seen[p];
                long all = seen == null ? 0 : seen.get(0, (int) pub.endSeq).cardinality();
                copies += pub.endSeq;
                unreceived += pub.endSeq - all;
                if (pub.endSeq > pub.firstMeasured) {
                    receivedMeasured += seen == null ? 0 : seen.get((int) pub.firstMeasured, (int) pub.endSeq).cardinality();
                }
            }
        }
        long lost = refused == null ? unreceived : Math.max(0, unreceived - refused);
        return new Result(pubs.length, subs.length, pairs, config.duration().toNanos() / 1e9, sent, expectedCopies, delivered,
                receivedMeasured, copies, refused, lost, duplicated, foreign, unexpected, timeouts, latency.merged(), brokerCpu,
                rss, selfCpu, connectMillis);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
        }
    }

    /** The progress line: per-second rates from the counters' deltas. */
    private final class Rates implements java.util.function.Supplier<String> {
        private long lastSent;
        private long lastReceived;
        private long lastTime = System.nanoTime();

        @Override
        public String get() {
            long now = System.nanoTime();
            long sentNow = sentTotal.sum();
            long receivedNow = receivedTotal.sum();
            double seconds = (now - lastTime) / 1e9;
            String line = String.format("[%s %4.0fs] sent %,.0f/s  received %,.0f/s  (total sent %,d, received %,d)", phase,
                    Math.max(0, (now - t0) / 1e9), (sentNow - lastSent) / seconds, (receivedNow - lastReceived) / seconds,
                    sentNow, receivedNow);
            lastSent = sentNow;
            lastReceived = receivedNow;
            lastTime = now;
            return line;
        }
    }

    // --- publishers -------------------------------------------------------------------------------

    /** A publisher: all state on its channel's event loop, except the per-subscriber receipt counters. */
    private final class Pub implements BenchClient.Listener {
        final int index;
        final String topic;
        BenchClient client;
        int matchedCount;
        /** Copies received per matching subscriber (slot), written by the subscribers' loops. */
        AtomicLongArray received;
        /** Receipts presumed lost after a stalled window, added to every slot's count. */
        volatile long writtenOff;
        /** The confirmed count at which a subscriber should wake this publisher; NOT_WAITING when not waiting. */
        volatile long wakeAt = NOT_WAITING;
        long seq;
        long firstMeasured = -1;
        long endSeq = -1;
        boolean stopped;
        boolean started;
        long windowTimeouts;
        long lastConfirmed = -1;
        long lastConfirmedChange;
        double intervalNanos;
        long rateStart;
        final BitSet inflightIds = new BitSet(65536);
        int inflight;
        boolean blockedOnInflight;
        ScheduledFuture<?> timer;

        Pub(int index, String topic) {
            this.index = index;
            this.topic = topic;
        }

        void matched(int count) {
            matchedCount = count;
            received = new AtomicLongArray(Math.max(1, count));
        }

        EventLoop loop() {
            return client.channel().eventLoop();
        }

        void start() {
            started = true;
            lastConfirmedChange = System.nanoTime();
            long delay = Math.max(0, t0 - System.nanoTime());
            if (config.rate() > 0) {
                double perPublisher = config.rate() / pubs.length;
                intervalNanos = 1e9 / perPublisher;
                // spread the publishers over one interval so that their messages do not come in bursts
                rateStart = t0 + (long) (intervalNanos * index / pubs.length);
                // A tick per message down to 50 µs (the epoll loop's timers are timerfd-precise): a coarser tick sends
                // bursts whose later messages are already late, which would show as latency of the broker.
                long tick = Math.max(50_000L, Math.min(100_000_000L, (long) intervalNanos));
                // ticks on this publisher's own schedule: a message does not wait in the tool for a tick out of phase
                timer = loop().scheduleAtFixedRate(this::pump, Math.max(0, rateStart - System.nanoTime()), tick, TimeUnit.NANOSECONDS);
            } else {
                loop().schedule(this::pump, delay, TimeUnit.NANOSECONDS);
                if (config.qos() == 0) { // at QoS 1 nothing is dropped silently: a stalled window is waited for
                    long check = Math.max(10_000_000L, Math.min(100_000_000L, config.windowTimeout().toNanos() / 4));
                    timer = loop().scheduleAtFixedRate(this::checkStall, delay + check, check, TimeUnit.NANOSECONDS);
                }
            }
        }

        void stop() {
            if (!stopped) {
                stopped = true;
                if (timer != null) {
                    timer.cancel(false);
                }
                if (endSeq < 0) {
                    endSeq = seq;
                }
                if (firstMeasured < 0) {
                    firstMeasured = endSeq;
                }
            }
        }

        long confirmed() {
            long min = Long.MAX_VALUE;
            for (int i = 0; i < matchedCount; i++) {
                min = Math.min(min, received.get(i));
            }
            return (matchedCount == 0 ? seq : min) + writtenOff;
        }

        void pump() {
            if (stopped) {
                return;
            }
            Channel ch = client.channel();
            if (!ch.isActive()) {
                stop();
                return;
            }
            long now = System.nanoTime();
            if (now < t0) {
                return;
            }
            long allowed;
            long confirmed = 0;
            boolean rated = config.rate() > 0;
            if (rated) {
                long due = (long) ((now - rateStart) / intervalNanos) + 1;
                allowed = due - seq;
            } else {
                confirmed = confirmed();
                allowed = config.window() - (seq - confirmed);
            }
            if (config.qos() > 0) {
                long room = config.inflight() - inflight;
                blockedOnInflight = room < allowed;
                allowed = Math.min(allowed, room);
            }
            allowed = Math.min(allowed, MAX_BATCH);
            int sent = 0;
            while (sent < allowed && ch.isWritable()) {
                long s = seq;
                long ts = rated ? rateStart + (long) (s * intervalNanos) : System.nanoTime();
                if (ts >= measureEnd) {
                    stop();
                    break;
                }
                if (firstMeasured < 0 && ts >= measureStart) {
                    firstMeasured = s;
                }
                send(ch, s, ts);
                seq = s + 1;
                sent++;
            }
            if (sent > 0) {
                ch.flush();
                sentTotal.add(sent);
            }
            if (!rated && !stopped && seq - confirmed >= config.window()) {
                waitForReceipts();
            }
        }

        private void send(Channel ch, long s, long ts) {
            ByteBuf payload = Payload.write(ch.alloc(), config.payloadSize(), runId, index, s, ts);
            int packetId = -1;
            if (config.qos() > 0) {
                packetId = client.packetId();
                while (inflightIds.get(packetId)) {
                    packetId = client.packetId();
                }
                inflightIds.set(packetId);
                inflight++;
            }
            MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(config.qos()), false, 0);
            ch.write(new MqttPublishMessage(header, new MqttPublishVariableHeader(topic, packetId), payload), ch.voidPromise());
        }

        /** Arms the wake-up at half a window; re-checks afterwards, since a receipt may have come in between. */
        private void waitForReceipts() {
            long target = seq - config.window() / 2;
            wakeAt = target;
            if (confirmed() >= target) {
                wakeAt = NOT_WAITING;
                loop().execute(this::pump);
            }
        }

        /** Called on a subscriber's loop after it counted a receipt from this publisher in {@code slot}. */
        void receipt(long countInSlot) {
            long w = wakeAt;
            if (w != NOT_WAITING && countInSlot + writtenOff >= w && WAKE.compareAndSet(this, w, NOT_WAITING)) {
                loop().execute(this::pump);
            }
        }

        void checkStall() {
            if (stopped) {
                return;
            }
            long now = System.nanoTime();
            long confirmed = confirmed();
            if (confirmed != lastConfirmed) {
                lastConfirmed = confirmed;
                lastConfirmedChange = now;
                return;
            }
            if (wakeAt != NOT_WAITING && now - lastConfirmedChange >= config.windowTimeout().toNanos()) {
                windowTimeouts++;
                writtenOff += seq - confirmed; // what the slowest subscriber still misses is presumed lost
                wakeAt = NOT_WAITING;
                lastConfirmedChange = now;
                pump();
            }
        }

        @Override
        public void onPubAck(BenchClient c, int packetId) {
            if (inflightIds.get(packetId)) {
                inflightIds.clear(packetId);
                inflight--;
                if (blockedOnInflight && inflight <= config.inflight() / 2) {
                    blockedOnInflight = false;
                    pump();
                }
            }
        }

        @Override
        public void onWritable(BenchClient c) {
            if (started) {
                pump();
            }
        }
    }

    private static final java.lang.invoke.VarHandle WAKE;

    static {
        try {
            WAKE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Pub.class, "wakeAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // --- subscribers ------------------------------------------------------------------------------

    /** A subscriber: all state on its channel's event loop. */
    private final class Sub implements BenchClient.Listener {
        final int index;
        final int[] slotByPub;
        final BitSet[] seen;
        BenchClient client;
        long duplicated;
        long foreign;
        long unexpected;
        long deliveredInWindow;

        Sub(int index, int publishers) {
            this.index = index;
            this.slotByPub = new int[publishers];
            java.util.Arrays.fill(slotByPub, -1);
            this.seen = new BitSet[publishers];
        }

        @Override
        public void onPublish(BenchClient c, MqttPublishMessage message) {
            long now = System.nanoTime();
            ByteBuf payload = message.payload();
            receivedTotal.increment();
            if (!Payload.ours(payload, runId)) {
                foreign++;
                return;
            }
            int p = Payload.publisher(payload);
            if (p < 0 || p >= pubs.length || slotByPub[p] < 0) {
                unexpected++;
                return;
            }
            if (now >= measureStart && now < measureEnd) {
                deliveredInWindow++;
            }
            long seq = Payload.sequence(payload);
            BitSet set = seen[p];
            if (set == null) {
                set = seen[p] = new BitSet();
            }
            if (set.get((int) seq)) {
                duplicated++;
                return;
            }
            set.set((int) seq);
            uniqueReceived.increment();
            long sentAt = Payload.sentNanos(payload);
            if (sentAt >= measureStart && sentAt < measureEnd) {
                latency.record(now - sentAt);
            }
            Pub pub = pubs[p];
            pub.receipt(pub.received.incrementAndGet(slotByPub[p]));
        }
    }
}
