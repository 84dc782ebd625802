package iotcore.server.broker;

import iotcore.broker.permanent.PermanentStore;
import iotcore.storage.broker.JdbcPermanentValueRepository;
import iotcore.storage.jdbc.Database;
import iotcore.storage.jdbc.Rows;

import java.util.List;

/** Permanent topic values kept in the management database across restarts. */
public final class JdbcPermanentPersistence implements PermanentStore.Persistence {
    private final Database db;
    private final JdbcPermanentValueRepository repository;

    public JdbcPermanentPersistence(Database db) {
        this.db = db;
        this.repository = new JdbcPermanentValueRepository(db.engine());
    }

    @Override
    public List<PermanentStore.Value> loadAll() {
        return db.inTransaction("load permanent values", c -> repository.loadAll(c).stream()
                .map(r -> new PermanentStore.Value(r.registryId(), r.topic(), r.payload(), r.qos())).toList());
    }

    @Override
    public void upsert(PermanentStore.Value v) {
        db.inTransaction("store permanent value", c -> {
            repository.upsert(c, new JdbcPermanentValueRepository.Row(v.registryId(), v.topic(), v.payload(), v.qos()), Rows.now());
            return null;
        });
    }

    @Override
    public void deletePrefix(String registryId, String topicPrefix) {
        db.inTransaction("delete permanent values", c -> {
            repository.deletePrefix(c, registryId, topicPrefix);
            return null;
        });
    }
}
