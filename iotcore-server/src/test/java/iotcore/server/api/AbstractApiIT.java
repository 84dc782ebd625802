package iotcore.server.api;

import iotcore.testkit.ServerProcess;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Acceptance scenarios 1–19 and 54 of iot-core.md §8, plus authentication and hostile input, over
 * real HTTP against the real server started as a separate JVM. One server per class (per engine);
 * every test works in folders and registries of its own, so tests do not see each other. The
 * scenarios live in the interfaces this class implements; subclasses choose the database engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractApiIT implements ApiFixture,
        RegistryScenarios, DeviceScenarios, TopicAliasScenarios, CredentialScenarios,
        OperationScenarios, QuotaScenarios, AuthScenarios, BadInputScenarios {

    private ServerProcess server;
    private IotApi api;

    @RegisterExtension
    final ServerLog.OnFailure serverLogOnFailure = new ServerLog.OnFailure(() -> server);

    /** A server builder for this engine; each call may prepare a fresh database. */
    abstract ServerProcess.Builder serverBuilder();

    @BeforeAll
    void startServer() {
        server = serverBuilder().start();
        api = new IotApi(server.adminClient());
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public IotApi api() {
        return api;
    }

    @Override
    public ServerProcess server() {
        return server;
    }

    @Override
    public void withExtraServer(String[] args, Consumer<IotApi> test) {
        try (ServerProcess extra = serverBuilder().args(args).start()) {
            ServerLog.attachOnFailure(extra, () -> test.accept(new IotApi(extra.adminClient())));
        }
    }
}
