package iotcore.server.mqtt;

import iotcore.testkit.ServerProcess;
import iotcore.testkit.TestPostgres;

/**
 * The broker acceptance scenarios against PostgreSQL: embedded, or the server named by
 * {@code IOTCORE_TEST_PG_URL}; every server gets a fresh, empty database.
 */
class PostgresMqttIT extends AbstractMqttIT {

    @Override
    ServerProcess.Builder serverBuilder() {
        return ServerProcess.builder().database(TestPostgres.newDatabase());
    }
}
