package iotcore.server.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient;
import iotcore.testkit.ServerProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./iotcore ARGS --data-dir <server data dir>} as its own JVM on the test class path, as
 * the launcher does (the pattern of {@code CliWalkthroughIT}); stdout and stderr are kept apart.
 */
final class CliRunner {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

    /** One finished CLI process. */
    record Run(List<String> command, int exit, String out, String err, long millis) {

        /** stdout parsed as one JSON document ({@code --format json}); fails the test when it is not. */
        JsonNode json() {
            try {
                JsonNode node = ApiClient.JSON.readTree(out);
                if (node == null || !node.isObject()) {
                    throw new AssertionError("stdout is not one JSON object:\n" + this);
                }
                return node;
            } catch (JsonProcessingException e) {
                throw new AssertionError("stdout is not JSON (" + e.getOriginalMessage() + "):\n" + this, e);
            }
        }

        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        /** The {@code error: ...} lines of stderr. */
        List<String> errors() {
            return err.lines().filter(l -> l.startsWith("error: ")).toList();
        }

        @Override
        public String toString() {
            return String.join(" ", command.subList(Math.min(3, command.size()), command.size()))
                    + "\nexit " + exit + " after " + millis + " ms\nstdout:\n" + cut(out) + "\nstderr:\n" + cut(err);
        }

        private static String cut(String text) {
            return text.length() > 6000 ? text.substring(0, 6000) + "\n...(" + text.length() + " chars)" : text;
        }
    }

    private final ServerProcess server;
    private final Path workDir;

    CliRunner(ServerProcess server, Path workDir) {
        this.server = server;
        this.workDir = workDir;
    }

    ServerProcess server() {
        return server;
    }

    /** {@code ./iotcore import yc-export DIR OPTIONS...}. */
    Run importTree(Path dir, String... options) {
        return run(DEFAULT_TIMEOUT, concat(List.of("import", "yc-export", dir.toString()), options));
    }

    /** {@code ./iotcore import yc-export DIR --format json OPTIONS...}. */
    Run importJson(Path dir, String... options) {
        return run(DEFAULT_TIMEOUT, concat(List.of("import", "yc-export", dir.toString(), "--format", "json-rest"), options));
    }

    /** {@code ./iotcore export DIR OPTIONS...}. */
    Run export(Path dir, String... options) {
        return run(DEFAULT_TIMEOUT, concat(List.of("export", dir.toString()), options));
    }

    Run run(String... args) {
        return run(DEFAULT_TIMEOUT, args);
    }

    Run run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", testClassPath(), ServerProcess.MAIN_CLASS));
        command.addAll(Arrays.asList(args));
        command.addAll(List.of("--data-dir", server.dataDir().toString()));
        try {
            Files.createDirectories(workDir);
            Path out = Files.createTempFile(workDir, "cli", ".out");
            Path err = Files.createTempFile(workDir, "cli", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("IOTCORE_"));
            long start = System.nanoTime();
            Process process = pb.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("CLI did not finish within " + timeout + ": " + command
                        + "\nstderr so far:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Run(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), millis);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(Arrays.asList(tail));
        return all.toArray(String[]::new);
    }

    /** As {@code ServerProcess}: surefire's expanded class path when there is one, with absolute entries. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String classPath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
