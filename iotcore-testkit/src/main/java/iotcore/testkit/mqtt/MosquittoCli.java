package iotcore.testkit.mqtt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The unmodified Eclipse Mosquitto command-line clients ({@code mosquitto_sub}, {@code mosquitto_pub},
 * Debian package {@code mosquitto-clients}) as child processes. Every process is bounded: subscribers
 * get {@code -C <count> -W <seconds>}, and every wait here has a deadline after which the process is
 * killed.
 */
public final class MosquittoCli {

    /** Prefix of the lines {@link Subscriber} prints for each message ({@code -F}). */
    static final String MESSAGE_PREFIX = "MSG|";

    private MosquittoCli() {}

    /** Whether both programs are on the PATH (or in /usr/bin). */
    public static boolean installed() {
        return executable("mosquitto_sub") != null && executable("mosquitto_pub") != null;
    }

    static String executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        return null;
    }

    private static String require(String name) {
        String exe = executable(name);
        if (exe == null) {
            throw new IllegalStateException(name + " is not installed (Debian package mosquitto-clients)");
        }
        return exe;
    }

    /** What a finished process did. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** Runs {@code mosquitto_pub <args>} and waits for it (killed after {@code timeout}). */
    public static Result publish(List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(require("mosquitto_pub"));
        command.addAll(args);
        Process process = start(command);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("mosquitto_pub did not finish within " + timeout + ": " + command);
            }
            return new Result(process.exitValue(), read(process.getInputStream()), read(process.getErrorStream()));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Starts {@code mosquitto_sub -d -F 'MSG|%t|%p' -C <count> -W <seconds> <args>} (line-buffered through
     * coreutils' {@code stdbuf} where present) and returns once it
     * printed that it received its SUBACK (so a publish made afterwards reaches it), or fails with its
     * output if it exited or did not subscribe within {@link TestMqttClient#WAIT}.
     */
    public static Subscriber subscribe(int count, Duration timeout, List<String> args) {
        List<String> command = new ArrayList<>();
        String stdbuf = executable("stdbuf");
        if (stdbuf != null) {
            // stdout into a pipe is block-buffered: line-buffer it so the SUBACK line shows at once
            command.addAll(List.of(stdbuf, "-oL", "-eL"));
        }
        command.addAll(List.of(require("mosquitto_sub"), "-d",
                "-F", MESSAGE_PREFIX + "%t|%p", "-C", Integer.toString(count),
                "-W", Long.toString(Math.max(1, timeout.toSeconds()))));
        command.addAll(args);
        Subscriber subscriber = new Subscriber(command, start(command));
        subscriber.awaitSuback();
        return subscriber;
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read: " + e + ")";
        }
    }

    /** A running {@code mosquitto_sub}. Its output is collected line by line. */
    public static final class Subscriber implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final List<String> lines = new ArrayList<>();
        private final StringBuilder stderr = new StringBuilder();
        private final Thread reader;
        private final Thread errorReader;

        private Subscriber(List<String> command, Process process) {
            this.command = command;
            this.process = process;
            this.reader = Thread.ofVirtual().start(() -> pump(new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true));
            this.errorReader = Thread.ofVirtual().start(() -> pump(new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false));
        }

        private void pump(BufferedReader in, boolean out) {
            try (in) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        if (out) {
                            lines.add(line);
                        } else {
                            stderr.append(line).append('\n');
                        }
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        }

        private void awaitSuback() {
            long deadline = System.nanoTime() + TestMqttClient.WAIT.toNanos();
            synchronized (lines) {
                while (lines.stream().noneMatch(l -> l.contains("received SUBACK"))) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        String output = output();
                        close();
                        throw new AssertionError("mosquitto_sub did not subscribe: " + command + "\n" + output);
                    }
                    try {
                        lines.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                }
            }
        }

        /** The {@code topic|payload} of each message received so far. */
        public List<String> messages() {
            synchronized (lines) {
                return lines.stream().filter(l -> l.startsWith(MESSAGE_PREFIX))
                        .map(l -> l.substring(MESSAGE_PREFIX.length())).toList();
            }
        }

        /** Waits for the process to exit (after {@code -C} messages or {@code -W} seconds). */
        public Result awaitExit(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    close();
                    throw new AssertionError("mosquitto_sub did not exit within " + timeout + "\n" + output());
                }
                reader.join(Duration.ofSeconds(5));
                errorReader.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            synchronized (lines) {
                return new Result(process.exitValue(), String.join("\n", lines), stderr.toString());
            }
        }

        /** Everything it printed so far (for failure messages). */
        public String output() {
            synchronized (lines) {
                return "command: " + command + "\nstdout:\n" + String.join("\n", lines) + "\nstderr:\n" + stderr;
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroy();
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
