package iotcore.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Stands in for {@code iotcore.server.Main} in {@link ServerProcessTest}: writes the admin token and
 * ports.json like the real server, or exits early when asked to, then waits for SIGTERM (its shutdown
 * hook logs {@code fake shutdown hook ran}) or SIGKILL.
 */
public final class FakeServerMain {

    public static void main(String[] args) throws Exception {
        List<String> list = List.of(args);
        Path dataDir = Path.of(list.get(list.indexOf("--data-dir") + 1));
        System.out.println("fake server args " + list);
        if (list.contains("--fail")) {
            System.out.println("fake failure: cannot start");
            System.exit(3);
        }
        if (list.contains("--hang")) {
            Thread.sleep(60_000);
        }
        Files.writeString(dataDir.resolve("admin-token"), "secret-admin-token\n");
        Path tmp = dataDir.resolve("ports.json.tmp");
        Files.writeString(tmp, "{\"http\": 4242, \"mqtts\": 4243}");
        Files.move(tmp, dataDir.resolve("ports.json"), StandardCopyOption.ATOMIC_MOVE);
        System.out.println("env FAKE_ENV=" + System.getenv("FAKE_ENV"));
        System.out.println("ready");
        // tells a SIGTERM (hooks run) from a SIGKILL (nothing runs) in the log
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("fake shutdown hook ran")));
        Thread.sleep(120_000);
    }
}
