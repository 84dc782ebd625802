package iotcore.server;

import iotcore.api.ApiContext;
import iotcore.api.ManagementApi;
import iotcore.api.http.ApiServer;
import iotcore.server.config.ServerConfig;
import iotcore.storage.jdbc.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running iotcore: database, management API and the ports file. Starting prints one ready line
 * and writes {@code <data-dir>/ports.json} atomically, last, so that a reader of it can connect.
 */
public final class Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Server.class);
    static final String PORTS_FILE = "ports.json";

    private final ServerConfig config;
    private final Database database;
    private final ApiServer api;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    /** A start-up failure the operator can act on (port taken, database unreachable, data dir not writable). */
    public static final class StartupException extends RuntimeException {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Server(ServerConfig config, Database database, ApiServer api) {
        this.config = config;
        this.database = database;
        this.api = api;
    }

    public static Server start(ServerConfig config) {
        Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(dataDir.resolve(PORTS_FILE));
        } catch (IOException e) {
            throw new StartupException("data directory " + dataDir + " is not writable: " + e.getMessage(), e);
        }
        Database database = openDatabase(config);
        try {
            ApiContext ctx = ApiContext.over(database,
                    new ApiContext.Quotas(config.maxRegistries(), config.maxDevices()));
            Path tokenFile = AdminToken.ensure(dataDir, ctx);
            ApiServer api = startApi(config, ctx);
            Server server = new Server(config, database, api);
            server.writePorts();
            System.out.println("iotcore ready: http=" + api.port() + " (REST API http://" + config.httpHost() + ":"
                    + api.port() + ", database " + database.engine() + ", admin token in " + tokenFile.toAbsolutePath().normalize() + ")");
            System.out.flush();
            return server;
        } catch (IOException e) {
            database.close();
            throw new StartupException(e.getMessage(), e);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static Database openDatabase(ServerConfig config) {
        try {
            return Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        } catch (RuntimeException e) {
            log.error("database_open_failed url={}", redact(config.databaseUrl()), e);
            throw new StartupException("cannot open the database " + redact(config.databaseUrl()) + ": " + rootMessage(e), e);
        }
    }

    private static ApiServer startApi(ServerConfig config, ApiContext ctx) throws IOException {
        InetSocketAddress address = new InetSocketAddress(config.httpHost(), config.httpPort());
        try {
            return ManagementApi.start(ctx, address);
        } catch (BindException e) {
            throw new StartupException("cannot listen on " + config.httpHost() + ":" + config.httpPort()
                    + " (http-port): " + e.getMessage() + "; choose another port, or 0 for any free one", e);
        }
    }

    private void writePorts() throws IOException {
        Path target = config.dataDir().resolve(PORTS_FILE);
        Path tmp = target.resolveSibling(PORTS_FILE + ".tmp");
        Files.writeString(tmp, "{\"http\": " + api.port() + "}\n", StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public int httpPort() {
        return api.port();
    }

    /** Blocks until SIGTERM or SIGINT; the shutdown hook then waits for {@link #close()} to finish. */
    public void awaitShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            try {
                closed.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "iotcore-shutdown"));
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            log.info("server_stopping");
            api.close();
            database.close();
            Files.deleteIfExists(config.dataDir().resolve(PORTS_FILE));
            log.info("server_stopped");
        } catch (IOException | RuntimeException e) {
            log.warn("server_stop_incomplete: {}", e.toString());
        } finally {
            closed.countDown();
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
