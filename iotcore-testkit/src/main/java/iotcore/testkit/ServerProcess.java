package iotcore.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real iotcore server, started as a separate JVM on the test class path:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp &lt;test class path&gt; iotcore.server.Main serve
 *      --data-dir &lt;dir&gt; --http-port 0 --mqtts-port 0 --wss-port 0 --mqtt-host 127.0.0.1 [--database-url U --database-user U --database-password P] [extra]
 * </pre>
 *
 * Output goes to {@code <dir>/server.log}. {@link Builder#start()} returns once the server has
 * written {@code <dir>/ports.json} (it does so atomically when ready) or fails with the log tail.
 */
public final class ServerProcess implements AutoCloseable {

    public static final String MAIN_CLASS = "iotcore.server.Main";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final Process process;
    private final Path dataDir;
    private final Path logFile;
    private final JsonNode ports;
    private final Thread killOnExit;
    private volatile boolean stopped;

    private ServerProcess(Process process, Path dataDir, Path logFile, JsonNode ports) {
        this.process = process;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.ports = ports;
        this.killOnExit = new Thread(process::destroyForcibly, "iotcore-server-kill-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a server on the embedded H2 database in a fresh temporary data directory. */
    public static ServerProcess startH2() {
        return builder().start();
    }

    public int httpPort() {
        return ports.path("http").asInt();
    }

    /** Any port the server reported in {@code ports.json}, e.g. {@code "mqtts"}; -1 if absent. */
    public int port(String name) {
        JsonNode port = ports.get(name);
        return port == null ? -1 : port.asInt();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + httpPort());
    }

    public String adminToken() {
        try {
            return Files.readString(dataDir.resolve("admin-token"), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read admin token in " + dataDir, e);
        }
    }

    /** An {@link ApiClient} for this server authenticated with the admin token. */
    public ApiClient adminClient() {
        return new ApiClient(baseUri(), adminToken());
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last {@code lines} lines of the server log. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    /** SIGTERM, wait up to 20 s, then SIGKILL. Idempotent (also after {@link #kill()}); returns the exit code. */
    public int stop() {
        if (!stopped) {
            stopped = true;
            terminate(process);
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // already exiting: the hook runs anyway
            }
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /**
     * SIGKILL, as a crash or the OOM killer would: no shutdown hook runs, nothing is flushed. Waits
     * until the process is gone (at most 20 s). Idempotent, also after {@link #stop()}; returns the
     * exit code (137 on Linux for a process this call killed).
     */
    public int kill() {
        if (!stopped) {
            stopped = true;
            process.destroyForcibly();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(this + " still alive " + STOP_GRACE + " after SIGKILL");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + this + " to die", e);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // already exiting: the hook runs anyway
            }
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ServerProcess[pid=" + process.pid() + ", http=" + (ports == null ? "?" : httpPort())
                + ", dataDir=" + dataDir + "]";
    }

    private static void terminate(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (NoSuchFileException e) {
            return "(no log file " + file + ")";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Options for one server process. */
    public static final class Builder {
        private Path dataDir;
        private String mainClass = MAIN_CLASS;
        private TestPostgres.Database database;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /**
         * The data directory; default a new temporary directory. Giving the directory of a stopped
         * server restarts on its data (its {@code ports.json} is removed first, the log is appended to).
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The class whose {@code main} runs; default {@value ServerProcess#MAIN_CLASS} (tests of this kit use a fake). */
        public Builder mainClass(String className) {
            this.mainClass = className;
            return this;
        }

        /** Use this PostgreSQL database; without it the server uses its default embedded H2. */
        public Builder database(TestPostgres.Database database) {
            this.database = database;
            return this;
        }

        /** Extra server arguments after the standard ones, e.g. {@code "--max-registries", "3"}. */
        public Builder args(String... extra) {
            args.addAll(List.of(extra));
            return this;
        }

        /** Extra JVM options placed before {@code -cp}. */
        public Builder jvmArgs(String... extra) {
            jvmArgs.addAll(List.of(extra));
            return this;
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** The command line this builder would run (for logs and diagnostics). */
        public List<String> command(Path dir) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--enable-native-access=ALL-UNNAMED");
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(testClassPath());
            command.add(mainClass);
            command.add("serve");
            command.add("--data-dir");
            command.add(dir.toString());
            command.add("--http-port");
            command.add("0");
            // Every listener on a free port, so that servers of parallel tests never collide.
            command.addAll(List.of("--mqtts-port", "0", "--wss-port", "0", "--mqtt-host", "127.0.0.1"));
            if (database != null) {
                command.addAll(List.of(
                        "--database-url", database.jdbcUrl(),
                        "--database-user", database.user(),
                        "--database-password", database.password()));
            }
            command.addAll(args);
            return command;
        }

        public ServerProcess start() {
            Path dir;
            try {
                dir = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("iotcore-server-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create data directory", e);
            }
            Path log = dir.resolve("server.log");
            Path portsFile = dir.resolve("ports.json");
            try {
                // a previous server on this data directory left its ports behind: wait for this one's
                Files.deleteIfExists(portsFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove stale " + portsFile, e);
            }
            ProcessBuilder pb = new ProcessBuilder(command(dir))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start server JVM", e);
            }
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            try {
                while (true) {
                    JsonNode ports = readPorts(portsFile);
                    if (ports != null) {
                        return new ServerProcess(process, dir, log, ports);
                    }
                    if (!process.isAlive()) {
                        throw new IllegalStateException("server exited with code " + process.exitValue()
                                + " before writing " + portsFile + "; log tail:\n" + tail(log, 80));
                    }
                    if (System.nanoTime() > deadline) {
                        terminate(process);
                        throw new IllegalStateException("server did not write " + portsFile + " within "
                                + startupTimeout + "; log tail:\n" + tail(log, 80));
                    }
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the server", e);
            } catch (RuntimeException e) {
                if (process.isAlive()) {
                    terminate(process);
                }
                throw e;
            }
        }

        private static JsonNode readPorts(Path portsFile) {
            if (!Files.isRegularFile(portsFile)) {
                return null;
            }
            try {
                JsonNode ports = JSON.readTree(portsFile.toFile());
                return ports != null && ports.path("http").canConvertToInt() && ports.path("http").asInt() > 0
                        ? ports : null;
            } catch (IOException partialOrRacing) {
                return null;
            }
        }

        /**
         * The class path of this test JVM. Surefire may start tests from a manifest-only jar, whose
         * {@code Class-Path} a child JVM would also follow; the expanded path it publishes in
         * {@code surefire.test.class.path} is preferred because it does not depend on that jar.
         */
        private static String testClassPath() {
            String surefire = System.getProperty("surefire.test.class.path");
            String classPath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
            // the child runs in the data directory, so relative entries must be made absolute
            List<String> entries = new ArrayList<>();
            for (String entry : classPath.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.add(Path.of(entry).toAbsolutePath().toString());
                }
            }
            return String.join(java.io.File.pathSeparator, entries);
        }
    }
}
