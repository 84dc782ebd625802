package iotcore.bench.load;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting on connection futures with a deadline, and turning failures into one readable message. */
public final class Connections {

    private static final long TIMEOUT_SECONDS = 120;

    private Connections() {
    }

    /** Every client connected, or an exception naming how many failed and the first reason. */
    public static List<BenchClient> await(CompletableFuture<List<BenchClient>> all, String role) {
        List<BenchClient> clients = join(all, "connecting the " + role + "s");
        int failed = 0;
        Throwable first = null;
        for (BenchClient c : clients) {
            if (c.connected().isCompletedExceptionally()) {
                failed++;
                if (first == null) {
                    first = cause(c.connected());
                }
            }
        }
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + clients.size() + " " + role + " connections failed; the first: "
                    + describe(first));
        }
        return clients;
    }

    public static <T> T join(CompletableFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + describe(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not finish within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what);
        }
    }

    static Throwable cause(CompletableFuture<?> failed) {
        try {
            failed.getNow(null);
            return null;
        } catch (Exception e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    /** Exception class and message, with the root cause when it says more. */
    public static String describe(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = t.getClass().getSimpleName() + ": " + t.getMessage();
        return root == t ? text : text + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
