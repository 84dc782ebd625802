package iotcore.server.api;

import iotcore.testkit.ServerProcess;
import java.util.function.Consumer;

/**
 * What the scenario interfaces need from the test class: the API of the server shared by the
 * class, and a way to start an extra server on the same database engine (for options such as
 * quotas that must not affect the other tests).
 */
interface ApiFixture {

    /** The shared server's API, authenticated as admin. */
    IotApi api();

    /** The server started for the test class. */
    ServerProcess server();

    /**
     * Starts one more server of this engine with extra arguments, runs {@code test} against its
     * admin API, then stops it; a failure carries that server's log tail.
     */
    void withExtraServer(String[] args, Consumer<IotApi> test);
}
