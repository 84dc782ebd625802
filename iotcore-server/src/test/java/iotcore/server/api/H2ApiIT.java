package iotcore.server.api;

import iotcore.testkit.ServerProcess;

/** The API acceptance scenarios against the default embedded H2 database. */
class H2ApiIT extends AbstractApiIT {

    @Override
    ServerProcess.Builder serverBuilder() {
        return ServerProcess.builder();
    }
}
