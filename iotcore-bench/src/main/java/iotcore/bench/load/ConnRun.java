package iotcore.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * The two {@code bench conn} modes.
 *
 * <p><b>Idle</b>: opens K connections (at most {@code concurrency} handshakes at once), optionally subscribes each
 * to one filter, lets the broker settle, and holds them. The broker's resident memory (VmRSS) is read before the
 * first connection and after the settle time; the difference over K is its memory per connection. It is also read
 * half-way (the first K/2 connections open, settled): the growth from there to K over the second half's connections
 * is the <i>marginal</i> cost, without what a broker spends once, at its first connections (a JVM's compiled code
 * and loaded classes, a C library's arenas), which is what scaling to more connections costs. A command may run
 * before each reading (e.g. {@code jcmd <pid> GC.run} for a JVM broker, whose resident size otherwise includes the
 * garbage of the handshakes).
 *
 * <p><b>Rate</b>: {@code concurrency} loops each connect (TCP, TLS handshake, CONNECT/CONNACK), DISCONNECT and start
 * over, for a warm-up and a measured duration; reports completed connects per second, the connect latency and the
 * broker's CPU time per connect.
 */
public final class ConnRun {

    /** Idle mode settings. {@code subscribe} is a pattern per connection index, or null. */
    public record IdleConfig(int connections, int concurrency, Duration settle, Duration hold, IntFunction<String> subscribe, int qos,
                             String preSampleCommand) {
    }

    /** {@code rssHalfWay}: with the first {@code connectedHalfWay} connections open (null without a broker to read). */
    public record IdleResult(int connections, int failed, double rampSeconds, Long rssBefore, Long rssHalfWay, int connectedHalfWay,
                             Long rssAfter, Long brokerCpuNanos, int closedDuringHold, String firstFailure, Histogram connectLatency) {
        public Long rssPerConnection() {
            return rssBefore == null || connections == 0 ? null : (rssAfter - rssBefore) / connections;
        }

        public Long rssPerConnectionMarginal() {
            int second = connections - connectedHalfWay;
            return rssHalfWay == null || second <= 0 ? null : (rssAfter - rssHalfWay) / second;
        }
    }

    public record RateConfig(int concurrency, Duration warmup, Duration duration) {
    }

    public record RateResult(long connects, long failures, double measuredSeconds, Long brokerCpuNanos, long benchCpuNanos,
                             Histogram latency, String firstFailure) {
        public double connectsPerSecond() {
            return connects / measuredSeconds;
        }
    }

    private final Clients clients;
    private final ProcessStats broker;
    private final Progress progress;

    public ConnRun(Clients clients, ProcessStats broker, Progress progress) {
        this.clients = clients;
        this.broker = broker;
        this.progress = progress;
    }

    public IdleResult idle(IdleConfig config, IntFunction<ClientSpec> specs) throws InterruptedException {
        Long rssBefore = null;
        if (broker != null) {
            preSample(config.preSampleCommand());
            rssBefore = settledResidentBytes();
        }
        long cpu0 = broker == null ? 0 : broker.cpuNanos();
        List<ClientSpec> list = new ArrayList<>(config.connections());
        for (int i = 0; i < config.connections(); i++) {
            list.add(specs.apply(i));
        }
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        progress.show(() -> String.format("[connect %4.0fs] %,d of %,d connections", (System.nanoTime() - start) / 1e9, done.get(),
                config.connections()));
        int half = broker == null ? list.size() : list.size() / 2;
        List<BenchClient> all = new ArrayList<>(connect(list.subList(0, half), config.concurrency(), done));
        long rampNanos = System.nanoTime() - start;
        long cpuHalfWay = broker == null ? 0 : broker.cpuNanos();
        Long rssHalfWay = null;
        int connectedHalfWay = 0;
        long cpuPaused = 0;
        if (broker != null) {
            connectedHalfWay = (int) all.stream().filter(c -> !c.connected().isCompletedExceptionally()).count();
            sleep(config.settle());
            preSample(config.preSampleCommand());
            rssHalfWay = settledResidentBytes();
            long resume = System.nanoTime();
            cpuPaused = broker.cpuNanos() - cpuHalfWay; // the collection the pre-sample command asked for is not a connect's
            all.addAll(connect(list.subList(half, list.size()), config.concurrency(), done));
            rampNanos += System.nanoTime() - resume;
        }
        double rampSeconds = rampNanos / 1e9;
        long cpu1 = broker == null ? 0 : broker.cpuNanos() - cpuPaused;
        List<BenchClient> connected = new ArrayList<>();
        int failed = 0;
        String firstFailure = null;
        Histogram latency = Latency.newHistogram();
        for (BenchClient c : all) {
            if (c.connected().isCompletedExceptionally()) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = Connections.describe(Connections.cause(c.connected()));
                }
            } else {
                connected.add(c);
                latency.recordValue(Math.max(1000, Math.min(60_000_000_000L, c.connectNanos())));
            }
        }
        if (config.subscribe() != null) {
            List<CompletableFuture<List<Integer>>> acks = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (!all.get(i).connected().isCompletedExceptionally()) {
                    acks.add(all.get(i).subscribe(List.of(config.subscribe().apply(i)), config.qos()));
                }
            }
            for (CompletableFuture<List<Integer>> ack : acks) {
                List<Integer> codes = Connections.join(ack, "subscribing");
                if (codes.get(0) == 0x80) {
                    throw new IllegalStateException("the broker refused a subscription (SUBACK 0x80)");
                }
            }
        }
        long holdStart = System.nanoTime();
        progress.show(() -> String.format("[hold %4.0fs] %,d connections open", (System.nanoTime() - holdStart) / 1e9,
                connected.stream().filter(c -> c.channel().isActive()).count()));
        sleep(config.settle());
        Long rssAfter = null;
        if (broker != null) {
            preSample(config.preSampleCommand());
            rssAfter = settledResidentBytes();
        }
        Duration left = config.hold().minus(Duration.ofNanos(System.nanoTime() - holdStart));
        if (!left.isNegative()) {
            sleep(left);
        }
        int closed = 0;
        for (BenchClient c : connected) {
            if (!c.channel().isActive()) {
                closed++;
            }
        }
        progress.show(() -> "[disconnect]");
        disconnectAll(connected);
        return new IdleResult(connected.size(), failed, rampSeconds, rssBefore, rssHalfWay, connectedHalfWay, rssAfter,
                broker == null ? null : cpu1 - cpu0, closed, firstFailure, latency);
    }

    /** Opens {@code specs}' connections, at most {@code concurrency} handshakes at once; failed ones are in the list too. */
    private List<BenchClient> connect(List<ClientSpec> specs, int concurrency, AtomicInteger done) {
        return Connections.join(clients.connectAll(specs, concurrency, i -> BenchClient.NO_LISTENER, done::incrementAndGet),
                "connecting");
    }

    public RateResult rate(RateConfig config, IntFunction<ClientSpec> specs) throws InterruptedException {
        ProcessStats self = new ProcessStats(ProcessHandle.current().pid());
        long start = System.nanoTime();
        long measureStart = start + config.warmup().toNanos();
        long measureEnd = measureStart + config.duration().toNanos();
        AtomicInteger next = new AtomicInteger();
        LongAdder completed = new LongAdder();
        LongAdder measured = new LongAdder();
        LongAdder failures = new LongAdder();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Latency latency = new Latency();
        AtomicInteger running = new AtomicInteger(config.concurrency());
        CompletableFuture<Void> allDone = new CompletableFuture<>();
        AtomicLong lastCount = new AtomicLong();
        AtomicLong lastTime = new AtomicLong(start);
        progress.show(() -> {
            long now = System.nanoTime();
            long count = completed.sum();
            double perSecond = (count - lastCount.getAndSet(count)) / ((now - lastTime.getAndSet(now)) / 1e9);
            return String.format("[%s %4.0fs] %,.0f connects/s (total %,d, failed %,d)", now < measureStart ? "warm-up" : "measure",
                    (now - start) / 1e9, perSecond, count, failures.sum());
        });
        Runnable[] loop = new Runnable[1];
        loop[0] = () -> {
            if (System.nanoTime() >= measureEnd) {
                if (running.decrementAndGet() == 0) {
                    allDone.complete(null);
                }
                return;
            }
            BenchClient c = clients.connect(specs.apply(next.getAndIncrement()), BenchClient.NO_LISTENER);
            c.connected().whenComplete((ok, error) -> {
                long now = System.nanoTime();
                if (error != null) {
                    failures.increment();
                    firstFailure.compareAndSet(null, Connections.describe(error));
                    c.channel().close();
                } else {
                    completed.increment();
                    if (now >= measureStart && now < measureEnd) {
                        measured.increment();
                        latency.record(c.connectNanos());
                    }
                }
                c.disconnect().whenComplete((v, e) -> {
                    if (error == null) {
                        clients.group().next().execute(loop[0]);
                    } else {
                        clients.group().next().schedule(loop[0], 10, TimeUnit.MILLISECONDS); // no busy loop against a refusing broker
                    }
                });
            });
        };
        long cpu0 = 0;
        long self0 = 0;
        for (int i = 0; i < config.concurrency(); i++) {
            clients.group().next().execute(loop[0]);
        }
        sleepUntil(measureStart);
        cpu0 = broker == null ? 0 : broker.cpuNanos();
        self0 = self.cpuNanos();
        sleepUntil(measureEnd);
        long cpu1 = broker == null ? 0 : broker.cpuNanos();
        long self1 = self.cpuNanos();
        try {
            allDone.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // connections still hanging are closed with the event loops
        }
        return new RateResult(measured.sum(), failures.sum(), config.duration().toNanos() / 1e9, broker == null ? null : cpu1 - cpu0,
                self1 - self0, latency.merged(), firstFailure.get());
    }

    private void disconnectAll(List<BenchClient> connected) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (BenchClient c : connected) {
            closing.add(c.disconnect());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (CompletableFuture<Void> f : closing) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                return; // the rest close with the event loops
            }
        }
    }

    private void preSample(String command) {
        if (command == null || command.isBlank()) {
            return;
        }
        String expanded = command.replace("{pid}", Long.toString(broker.pid()));
        try {
            Process p = new ProcessBuilder("sh", "-c", expanded).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("--pre-sample command did not finish within 60 s: " + expanded);
            }
            if (p.exitValue() != 0) { // a reading without it would be taken for one with it
                throw new IllegalStateException("--pre-sample command failed with exit status " + p.exitValue() + ": " + expanded);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot run --pre-sample command '" + expanded + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The broker's resident memory once it has stopped falling: a JVM hands heap back in the background after a
     * collection (G1 uncommits regions in a service task, which may start a second later and runs for a while at
     * 10,000 connections), so a reading right after the pre-sample command could count hundreds of MB that are on
     * their way out. Read every 250 ms for at least 2 s, then until it falls by less than 0.2 %, up to 10 s.
     */
    private long settledResidentBytes() throws InterruptedException {
        long rss = broker.residentBytes();
        for (int i = 1; i <= 40; i++) {
            Thread.sleep(250);
            long next = broker.residentBytes();
            boolean falling = next < rss - rss / 500;
            rss = next;
            if (i >= 8 && !falling) {
                break;
            }
        }
        return rss;
    }

    private static void sleep(Duration d) throws InterruptedException {
        Thread.sleep(Math.max(0, d.toMillis()));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
        }
    }
}
