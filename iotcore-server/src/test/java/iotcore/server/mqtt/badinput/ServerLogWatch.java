package iotcore.server.mqtt.badinput;

import iotcore.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * What the server log says about closed connections. Each connection the server closes for bad
 * input must leave a line matching {@link #CLOSE_EVENT} ({@code protocol_violation}, or
 * {@code connect_refused}; either is accepted for any case). Over TCP that line must also hold the
 * client address as {@code 127.0.0.1:<port>} (not followed by another digit), for example
 * {@code protocol_violation remote=127.0.0.1:53422 reason=malformed_remaining_length} (STYLE §2, §6).
 * Over WebSocket the local port is unknown to the test, so a new matching line is enough.
 */
final class ServerLogWatch {

    /** The log event of a connection closed for bad input. */
    static final Pattern CLOSE_EVENT = Pattern.compile("\\b(protocol_violation|connect_refused)\\b");

    private static final int TAIL_LINES = 150;

    private final ServerProcess server;

    ServerLogWatch(ServerProcess server) {
        this.server = server;
    }

    /** Waits until a close event line names {@code address}; fails with the log tail otherwise. */
    void awaitCloseEventFor(String address, Duration timeout) {
        Pattern addressPattern = Pattern.compile(Pattern.quote(address) + "(?!\\d)");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : lines()) {
                if (CLOSE_EVENT.matcher(line).find() && addressPattern.matcher(line).find()) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no server log line with " + CLOSE_EVENT.pattern() + " and " + address
                        + " within " + timeout);
            }
            sleep();
        }
    }

    /** The number of close event lines so far. */
    long closeEvents() {
        return lines().stream().filter(line -> CLOSE_EVENT.matcher(line).find()).count();
    }

    /** Waits until there are more close event lines than {@code before}. */
    void awaitCloseEventsAfter(long before, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (closeEvents() <= before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no new server log line with " + CLOSE_EVENT.pattern() + " within " + timeout);
            }
            sleep();
        }
    }

    /** The whole log, decoded leniently (a malformed byte must not hide the other lines). */
    private List<String> lines() {
        try {
            return new String(Files.readAllBytes(server.logFile()), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + server.logFile(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Attaches the server log tail to a failing test, parameterised test or class setup, as a
     * suppressed exception so the original failure stays as it is. Passing tests print nothing.
     */
    static final class OnFailure implements InvocationInterceptor {
        private final Supplier<ServerProcess> server;

        OnFailure(Supplier<ServerProcess> server) {
            this.server = server;
        }

        @Override
        public void interceptBeforeAllMethod(Invocation<Void> invocation,
                ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext)
                throws Throwable {
            attachOnFailure(invocation);
        }

        @Override
        public void interceptTestMethod(Invocation<Void> invocation,
                ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext)
                throws Throwable {
            attachOnFailure(invocation);
        }

        @Override
        public void interceptTestTemplateMethod(Invocation<Void> invocation,
                ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext)
                throws Throwable {
            attachOnFailure(invocation);
        }

        private void attachOnFailure(Invocation<Void> invocation) throws Throwable {
            try {
                invocation.proceed();
            } catch (Throwable failure) {
                ServerProcess current = server.get();
                if (current != null && !(failure instanceof TestAbortedException)) {
                    failure.addSuppressed(new LogTail(current));
                }
                throw failure;
            }
        }
    }

    /** The log tail of a server, carried as a suppressed exception. */
    static final class LogTail extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LogTail(ServerProcess server) {
            super("log tail of " + server + ":\n" + server.logTail(TAIL_LINES), null, false, false);
        }
    }
}
