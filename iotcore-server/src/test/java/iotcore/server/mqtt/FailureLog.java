package iotcore.server.mqtt;

import iotcore.testkit.ServerProcess;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * Attaches the server log tail to a failing test as a suppressed exception (the original failure
 * stays as it is); passing tests print nothing. The same as {@code iotcore.server.api.ServerLog}, for
 * the broker suites.
 */
public final class FailureLog extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final int TAIL_LINES = 200;

    public FailureLog(ServerProcess server) {
        super("log tail of " + server + ":\n" + server.logTail(TAIL_LINES), null, false, false);
    }

    /** Runs {@code body}; when it throws, the log tail of {@code server} is attached. */
    public static void attachOnFailure(ServerProcess server, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException | Error failure) {
            if (!(failure instanceof TestAbortedException)) {
                failure.addSuppressed(new FailureLog(server));
            }
            throw failure;
        }
    }

    /** JUnit extension doing the same for every test method of a class. */
    public static final class OnFailure implements InvocationInterceptor {
        private final Supplier<ServerProcess> server;

        public OnFailure(Supplier<ServerProcess> server) {
            this.server = server;
        }

        @Override
        public void interceptTestMethod(Invocation<Void> invocation,
                ReflectiveInvocationContext<java.lang.reflect.Method> invocationContext,
                ExtensionContext extensionContext) throws Throwable {
            try {
                invocation.proceed();
            } catch (Throwable failure) {
                ServerProcess current = server.get();
                if (current != null && !(failure instanceof TestAbortedException)) {
                    failure.addSuppressed(new FailureLog(current));
                }
                throw failure;
            }
        }
    }
}
