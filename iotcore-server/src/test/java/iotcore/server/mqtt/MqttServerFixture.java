package iotcore.server.mqtt;

import iotcore.testkit.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One real server per test class, started as a separate JVM with every MQTT listener on a free port:
 *
 * <pre>
 * serve --data-dir &lt;tmp&gt; --http-port 0 --mqtts-port 0 --wss-port 0 --mqtt-port 0 [database args]
 * </pre>
 *
 * Clients connect to 127.0.0.1 and trust the CA the server generated in {@code <data-dir>/tls/ca.crt}.
 * Each test makes its own folder and registries, so tests sharing the server do not see each
 * other; clients a test leaves open are closed after it. A failing test carries the server log tail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class MqttServerFixture implements MqttFixture {

    /** Listener arguments of every server these suites start (the plain one only on the shared server). */
    static final String[] TLS_LISTENERS = {"--mqtts-port", "0", "--wss-port", "0"};
    static final String[] PLAIN_LISTENER = {"--mqtt-port", "0"};

    private ServerProcess server;
    private MqttApi api;
    private Mqtt mqtt;

    @RegisterExtension
    final FailureLog.OnFailure serverLogOnFailure = new FailureLog.OnFailure(() -> server);

    /** A server builder for this engine; each call may prepare a fresh database. */
    abstract ServerProcess.Builder serverBuilder();

    @BeforeAll
    void startServer() {
        server = serverBuilder().args(TLS_LISTENERS).args(PLAIN_LISTENER).start();
        api = new MqttApi(server.adminClient());
        mqtt = new Mqtt(server);
    }

    @AfterEach
    void closeClients() {
        if (mqtt != null) {
            mqtt.closeAll();
        }
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public MqttApi api() {
        return api;
    }

    @Override
    public Mqtt mqtt() {
        return mqtt;
    }

    @Override
    public ServerProcess server() {
        return server;
    }

    @Override
    public void withExtraServer(String[] args, Consumer<ExtraServer> test) {
        List<String> all = new ArrayList<>(List.of(TLS_LISTENERS));
        all.addAll(List.of(args));
        try (ServerProcess extra = serverBuilder().args(all.toArray(String[]::new)).start()) {
            Mqtt extraMqtt = new Mqtt(extra);
            try {
                FailureLog.attachOnFailure(extra,
                        () -> test.accept(new ExtraServer(extra, new MqttApi(extra.adminClient()), extraMqtt)));
            } finally {
                extraMqtt.closeAll();
            }
        }
    }
}
