package iotcore.server.mqtt;

import iotcore.testkit.ServerProcess;

/** Restart on the same data directory with the embedded H2 database (which lives in it). */
class H2RestartIT extends AbstractRestartIT {

    @Override
    ServerProcess.Builder serverBuilder() {
        return ServerProcess.builder();
    }
}
