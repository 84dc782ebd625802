package iotcore.server;

import iotcore.api.ApiContext;
import iotcore.api.ManagementApi;
import iotcore.api.http.ApiServer;
import iotcore.broker.Broker;
import iotcore.broker.auth.Directory;
import iotcore.broker.permanent.InMemoryPermanentStore;
import iotcore.broker.session.Session;
import iotcore.broker.store.RocksJournal;
import iotcore.broker.transport.MqttListeners;
import iotcore.broker.transport.TlsMaterial;
import iotcore.server.broker.BrokerMetrics;
import iotcore.server.broker.DatabaseConnectionLog;
import iotcore.server.broker.DatabaseMonitoringSink;
import iotcore.server.broker.JdbcIdentityStore;
import iotcore.server.config.MqttConfig;
import iotcore.server.config.ServerConfig;
import iotcore.storage.jdbc.Database;
import org.rocksdb.RocksDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running iotcore: database, MQTT broker, management API and the ports file. Starting prints one ready line
 * and writes {@code <data-dir>/ports.json} atomically, last, so that a reader of it can connect.
 */
public final class Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Server.class);
    static final String PORTS_FILE = "ports.json";

    private final ServerConfig config;
    private final List<AutoCloseable> resources;
    private final ApiServer api;
    private final Map<String, Integer> ports;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    /** A start-up failure the operator can act on (port taken, database unreachable, data dir not writable). */
    public static final class StartupException extends RuntimeException {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Server(ServerConfig config, List<AutoCloseable> resources, ApiServer api, Map<String, Integer> ports) {
        this.config = config;
        this.resources = resources;
        this.api = api;
        this.ports = ports;
    }

    /**
     * Loads the native libraries of the listeners and the message store (epoll, BoringSSL, RocksDB), which needs no
     * configuration: {@code serve} runs it on another thread while its command line is parsed, overlapping a good part
     * of a cold start. Without it, {@link #start} loads them when it gets there.
     */
    static void preload() {
        try {
            MqttListeners.loadNativeLibraries();
            RocksDB.loadLibrary();
        } catch (RuntimeException | LinkageError e) {
            log.debug("preload_failed: {}", e.toString()); // start reports it where it matters
        }
    }

    public static Server start(ServerConfig config) {
        Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(dataDir.resolve(PORTS_FILE));
        } catch (IOException e) {
            throw new StartupException("data directory " + dataDir + " is not writable: " + e.getMessage(), e);
        }
        List<AutoCloseable> resources = new ArrayList<>();
        // TLS material and the message store need no database: they are made ready on another thread while this one
        // opens the database.
        CompletableFuture<Stores> stores = CompletableFuture.supplyAsync(() -> Stores.open(config),
                task -> Thread.ofPlatform().name("iotcore-start").start(task));
        try {
            Database database = openDatabase(config);
            resources.add(database);
            ApiContext base = ApiContext.over(database, new ApiContext.Quotas(config.maxRegistries(), config.maxDevices()));
            Path tokenFile = AdminToken.ensure(dataDir, base);
            Stores prepared = Stores.join(stores);
            resources.add(prepared.journal());
            MqttConfig mqtt = config.mqtt();
            TlsMaterial tls = prepared.tls();
            RocksJournal journal = prepared.journal();
            InMemoryPermanentStore permanent = prepared.permanent();
            DatabaseConnectionLog connectionLog = new DatabaseConnectionLog(database, base.connectionLogs());
            resources.add(connectionLog);
            DatabaseMonitoringSink monitoring = new DatabaseMonitoringSink(base);
            resources.add(monitoring);
            Broker broker = new Broker(new Directory(new JdbcIdentityStore(base)), permanent, journal, connectionLog, monitoring,
                    new Broker.Config(mqtt.maxMessageBytes(), mqtt.maxTopicLength(),
                            new Session.Limits(mqtt.sessionQueueMessages(), mqtt.sessionQueueBytes()), mqtt.sessionExpiry()));
            resources.add(broker::close);
            broker.restore();
            MqttListeners listeners = MqttListeners.start(broker, tls,
                    new MqttListeners.Config(mqtt.host(), mqtt.mqttsPort(), mqtt.wssPort(), mqtt.mqttPort(), mqtt.inboundRate()));
            resources.add(listeners);

            ApiServer api = startApi(config, base.withDataPlane(broker).withBackups(new DataDirBackup(dataDir, database, journal)),
                    new BrokerMetrics(broker));
            resources.add(api);
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("http", api.port());
            for (String name : List.of("mqtts", "wss", "mqtt")) {
                if (listeners.ports().containsKey(name)) {
                    ports.put(name, listeners.ports().get(name));
                }
            }
            Server server = new Server(config, resources, api, ports);
            server.writePorts();
            HeapTuning.applyInBackground();
            StringBuilder ready = new StringBuilder("iotcore ready:");
            ports.forEach((name, port) -> ready.append(' ').append(name).append('=').append(port));
            ready.append(" (database ").append(database.engine()).append(", admin token in ")
                    .append(tokenFile.toAbsolutePath().normalize());
            if (tls.caFile() != null) {
                ready.append(", clients trust the CA in ").append(tls.caFile().toAbsolutePath().normalize());
            }
            System.out.println(ready.append(')'));
            System.out.flush();
            return server;
        } catch (IOException e) {
            closeAll(resources);
            Stores.closeUnused(stores, resources);
            throw new StartupException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(resources);
            Stores.closeUnused(stores, resources);
            throw e;
        }
    }

    /** What {@link #start} prepares beside the database. */
    private record Stores(TlsMaterial tls, RocksJournal journal, InMemoryPermanentStore permanent) {
        static Stores open(ServerConfig config) {
            try {
                MqttConfig mqtt = config.mqtt();
                TlsMaterial tls = mqtt.tlsCert() != null ? TlsMaterial.load(mqtt.tlsCert(), mqtt.tlsKey())
                        : TlsMaterial.localCa(config.dataDir().resolve("tls"));
                RocksJournal journal = RocksJournal.open(config.dataDir().resolve("store"));
                try {
                    InMemoryPermanentStore permanent = new InMemoryPermanentStore(journal.loadPermanent());
                    return new Stores(tls, journal, permanent);
                } catch (RuntimeException e) {
                    journal.close();
                    throw e;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits for {@link #open}; its failure is rethrown as it was thrown there. */
        static Stores join(CompletableFuture<Stores> stores) throws IOException {
            try {
                return stores.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }

        /** After a failed start: waits for {@link #open} and closes the store unless {@code resources} took it. */
        static void closeUnused(CompletableFuture<Stores> stores, List<AutoCloseable> resources) {
            try {
                Stores s = stores.join();
                if (!resources.contains(s.journal())) {
                    s.journal().close();
                }
            } catch (CompletionException failedToo) {
                log.debug("startup_task_failed: {}", failedToo.getCause().toString());
            }
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

    private static ApiServer startApi(ServerConfig config, ApiContext ctx, BrokerMetrics metrics) throws IOException {
        InetSocketAddress address = new InetSocketAddress(config.httpHost(), config.httpPort());
        try {
            return ManagementApi.start(ctx, address, metrics::scrape);
        } catch (BindException e) {
            throw new StartupException("cannot listen on " + config.httpHost() + ":" + config.httpPort()
                    + " (http-port): " + e.getMessage() + "; choose another port, or 0 for any free one", e);
        }
    }

    private void writePorts() throws IOException {
        Path target = config.dataDir().resolve(PORTS_FILE);
        Path tmp = target.resolveSibling(PORTS_FILE + ".tmp");
        StringBuilder json = new StringBuilder("{");
        ports.forEach((name, port) -> json.append(json.length() > 1 ? ", " : "").append('"').append(name).append("\": ").append(port));
        Files.writeString(tmp, json.append("}\n").toString(), StandardCharsets.UTF_8);
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
            System.out.flush();
            System.err.flush();
            // A requested stop that completed is a success: exit 0, not the 143 a SIGTERM would leave.
            Runtime.getRuntime().halt(0);
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
            closeAll(resources);
            Files.deleteIfExists(config.dataDir().resolve(PORTS_FILE));
            log.info("server_stopped");
        } catch (IOException | RuntimeException e) {
            log.warn("server_stop_incomplete: {}", e.toString());
        } finally {
            closed.countDown();
        }
    }

    /** Closes in reverse order of opening: listeners before the stores they write to, the database last. */
    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                log.warn("close_failed resource={}: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
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
