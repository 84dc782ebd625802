package iotcore.bench.load;

import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * The one-line progress report during a run, once a second on standard error: rewritten in place on a terminal,
 * a line per second otherwise. Silent with {@code --quiet}.
 */
public final class Progress implements AutoCloseable {

    private final PrintWriter err;
    private final boolean enabled;
    private final boolean terminal = System.console() != null;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Supplier<String> line = () -> "";
    private int lastLength;

    public Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
        this.thread = Thread.ofPlatform().daemon().name("bench-progress").unstarted(this::loop);
        if (enabled) {
            thread.start();
        }
    }

    /** What to print from now on (called once a second on the progress thread). */
    public void show(Supplier<String> supplier) {
        this.line = supplier;
    }

    /** A message of its own, on a line of its own. */
    public synchronized void note(String message) {
        if (!enabled) {
            return;
        }
        clear();
        err.println(message);
        err.flush();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            print();
        }
    }

    private synchronized void print() {
        if (!running) {
            return;
        }
        String text = line.get();
        if (text.isEmpty()) {
            return;
        }
        if (terminal) {
            err.print("\r" + text + " ".repeat(Math.max(0, lastLength - text.length())));
            lastLength = text.length();
        } else {
            err.println(text);
        }
        err.flush();
    }

    private void clear() {
        if (terminal && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            lastLength = 0;
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        thread.interrupt();
        if (enabled) {
            clear();
            err.flush();
        }
    }
}
