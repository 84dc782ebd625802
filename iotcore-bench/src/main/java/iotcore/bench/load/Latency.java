package iotcore.bench.load;

import io.netty.util.concurrent.FastThreadLocal;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.HdrHistogram.Histogram;

/**
 * Latency recorded without locks: one HdrHistogram per event loop thread (values in nanoseconds, 1 µs to 60 s,
 * three significant digits), merged once the run is over and every channel is closed.
 */
public final class Latency {

    private static final long LOWEST = 1_000L;
    private static final long HIGHEST = 60_000_000_000L;

    private final Queue<Histogram> all = new ConcurrentLinkedQueue<>();
    private final FastThreadLocal<Histogram> perThread = new FastThreadLocal<>() {
        @Override
        protected Histogram initialValue() {
            Histogram h = newHistogram();
            all.add(h);
            return h;
        }
    };

    public static Histogram newHistogram() {
        return new Histogram(LOWEST, HIGHEST, 3);
    }

    /** On the calling (event loop) thread. */
    public void record(long nanos) {
        perThread.get().recordValue(Math.max(LOWEST, Math.min(HIGHEST, nanos)));
    }

    /** All threads' values together; call after the recording threads have handed over (e.g. their channels closed). */
    public Histogram merged() {
        Histogram total = newHistogram();
        all.forEach(total::add);
        return total;
    }
}
