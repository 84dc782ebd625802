package iotcore.server.mqtt;

import iotcore.testkit.ServerProcess;
import iotcore.testkit.TestPostgres;

/** Restart on the same data directory and the same PostgreSQL database. */
class PostgresRestartIT extends AbstractRestartIT {

    private TestPostgres.Database database;

    @Override
    ServerProcess.Builder serverBuilder() {
        if (database == null) {
            database = TestPostgres.newDatabase();
        }
        return ServerProcess.builder().database(database);
    }
}
