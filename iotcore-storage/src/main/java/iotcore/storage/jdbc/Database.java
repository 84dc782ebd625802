package iotcore.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The connection pool and schema of one database (embedded H2 or PostgreSQL). The schema is brought
 * up to date by Flyway when the database opens (Flyway is not even loaded when it is up to date already).
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private final HikariDataSource dataSource;
    private final Engine engine;

    public enum Engine { H2, POSTGRESQL }

    private Database(HikariDataSource dataSource, Engine engine) {
        this.dataSource = dataSource;
        this.engine = engine;
    }

    /** Opens the pool and migrates the schema; throws if the database cannot be reached. */
    public static Database open(String url, String user, String password) {
        Engine engine = engineOf(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("iotcore-db");
        config.setMaximumPoolSize(engine == Engine.H2 ? 8 : 16);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(10_000);
        config.setAutoCommit(true);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            migrate(ds, engine);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, engine);
    }

    /** Applies the migrations through Flyway, unless {@link Migrations} finds every one of them already applied. */
    private static void migrate(HikariDataSource ds, Engine engine) {
        List<Migrations.Script> scripts = Migrations.onClassPath();
        if (scripts != null) {
            try (Connection c = ds.getConnection()) {
                if (Migrations.applied(c, scripts)) {
                    log.info("database_ready engine={} schema_version={} migrations_applied=0", engine,
                            scripts.stream().mapToInt(s -> Integer.parseInt(s.version())).max().orElse(0));
                    return;
                }
            } catch (SQLException e) {
                throw new StorageException("open database", e);
            }
        }
        var result = Flyway.configure().dataSource(ds).locations("classpath:" + Migrations.LOCATION).load().migrate();
        log.info("database_ready engine={} schema_version={} migrations_applied={}",
                engine, result.targetSchemaVersion, result.migrationsExecuted);
    }

    public static Engine engineOf(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return Engine.H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Engine.POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL (expected jdbc:h2:... or jdbc:postgresql://...)");
    }

    public Engine engine() {
        return engine;
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(String operation, SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                if (e instanceof SQLException sql) {
                    throw translate(operation, sql);
                }
                throw (RuntimeException) e;
            }
        } catch (SQLException e) {
            throw new StorageException(operation, e);
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    private static RuntimeException translate(String operation, SQLException e) {
        if (SqlStates.isUniqueViolation(e)) {
            return new UniqueViolationException(operation, e);
        }
        return new StorageException(operation, e);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
