package iotcore.server.mqtt.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import iotcore.testkit.ServerProcess;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile input against the MQTT listeners (docs/mqtt.md: "Protocol violations ... close the
 * connection with a log line; other clients are unaffected"). One server for the class, started
 * with the plain TCP, TLS and WebSocket listeners on free ports; registry R and device D get a
 * password through the REST API.
 *
 * <p>While well-behaved Paho clients exchange QoS 1 messages ({@link WellBehavedClients}), raw
 * connections send garbage and malformed packets (the scenario interfaces). Each bad connection must
 * be closed by the server within 5 s, answered with nothing or only with the CONNACK the contract
 * names, leave a close event line in the server log ({@link ServerLogWatch#CLOSE_EVENT}) and leave
 * the server alive. The last test checks that the well-behaved clients lost nothing and stayed
 * connected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MqttBadInputIT implements BeforeConnectScenarios, ConnectedScenarios, WebSocketScenarios {

    private ServerProcess server;
    private ServerLogWatch log;
    private TestIdentities ids;
    private SSLContext tls;
    private WellBehavedClients wellBehaved;

    @RegisterExtension
    final ServerLogWatch.OnFailure serverLogOnFailure = new ServerLogWatch.OnFailure(() -> server);

    @BeforeAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void startServerAndWellBehavedClients() {
        server = ServerProcess.builder().args("--mqtt-port", "0", "--mqtts-port", "0", "--wss-port", "0").start();
        log = new ServerLogWatch(server);
        assertThat(server.port("mqtt")).as("plain MQTT port in ports.json").isPositive();
        assertThat(server.port("wss")).as("wss port in ports.json").isPositive();
        ids = TestIdentities.register(server.adminClient());
        tls = WssMqttConnection.trusting(server.dataDir().resolve("tls/ca.crt"));
        wellBehaved = WellBehavedClients.start(server.port("mqtt"), ids);
    }

    @AfterAll
    void stopServer() {
        if (wellBehaved != null) {
            wellBehaved.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void wellBehavedClientsLostNothingAndStayedConnected() {
        wellBehaved.stopPublishing();
        assertThat(wellBehaved.publishFailure()).as("D's QoS 1 publishing failed").isNull();
        assertThat(wellBehaved.acknowledgedCount()).as("messages D got PUBACK for").isGreaterThanOrEqualTo(10);
        assertThat(wellBehaved.awaitUndelivered(Duration.ofSeconds(10)))
                .as("acknowledged messages R never received").isEmpty();
        assertThat(wellBehaved.connectionLosses()).as("connections lost by well-behaved clients").isEmpty();
        assertThat(wellBehaved.allConnected()).as("D, R and the watcher still connected").isTrue();
        assertThat(wellBehaved.leaked()).as("messages from bad connections that were routed").isEmpty();
        assertServerAlive();
    }

    @Override
    public ServerProcess server() {
        return server;
    }

    @Override
    public TestIdentities ids() {
        return ids;
    }

    @Override
    public ServerLogWatch log() {
        return log;
    }

    @Override
    public SSLContext tls() {
        return tls;
    }
}
