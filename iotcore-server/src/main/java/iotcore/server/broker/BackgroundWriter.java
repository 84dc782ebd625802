package iotcore.server.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes items to the database off the broker's threads, in batches, in arrival order. Bounded: when
 * the database falls behind by {@code capacity} items, new ones are dropped and counted in the log
 * (these are logs and monitoring data, never messages).
 */
final class BackgroundWriter<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackgroundWriter.class);
    private static final int BATCH = 500;

    private final String name;
    private final BlockingQueue<T> queue;
    private final Consumer<List<T>> sink;
    private final Thread thread;
    private volatile boolean running = true;
    private long dropped;

    BackgroundWriter(String name, int capacity, Consumer<List<T>> sink) {
        this.name = name;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.sink = sink;
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    void add(T item) {
        if (!queue.offer(item)) {
            synchronized (this) {
                if (dropped++ % 1000 == 0) {
                    log.warn("background_write_dropped writer={} dropped_total={}", name, dropped);
                }
            }
        }
    }

    private void run() {
        List<T> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                sink.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("background_write_failed writer={} items={}: {}", name, batch.size(), e.toString());
            } finally {
                batch.clear();
            }
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
