package iotcore.server.broker;

import iotcore.broker.auth.Identity;
import iotcore.broker.log.ConnectionLog;
import iotcore.storage.broker.JdbcConnectionLogRepository;
import iotcore.storage.broker.JdbcConnectionLogRepository.Entry;
import iotcore.storage.jdbc.Database;
import iotcore.storage.jdbc.Rows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Connection log entries go to the server log at once and to the database in the background. */
public final class DatabaseConnectionLog implements ConnectionLog, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("iotcore.connections");
    private final BackgroundWriter<Entry> writer;

    public DatabaseConnectionLog(Database db, JdbcConnectionLogRepository repository) {
        this.writer = new BackgroundWriter<>("connection-log-writer", 100_000,
                batch -> db.inTransaction("append connection log", c -> {
                    repository.insertAll(c, batch);
                    return null;
                }));
    }

    @Override
    public void append(Identity identity, Level level, String message) {
        String kind = identity instanceof Identity.Registry ? "registry" : "device";
        log.info("connection_log {}={} level={} message={}", kind, identity.id(), level, message);
        writer.add(new Entry(0, kind, identity.id(), Rows.now(), level.name(), message));
    }

    @Override
    public void close() {
        writer.close();
    }
}
