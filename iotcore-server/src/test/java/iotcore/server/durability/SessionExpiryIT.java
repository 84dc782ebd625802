package iotcore.server.durability;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.server.mqtt.FailureLog;
import iotcore.server.mqtt.Mqtt;
import iotcore.server.mqtt.World;
import iotcore.testkit.mqtt.TestMqttClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session expiry (issue 4, docs/durability.md {@code --session-expiry}): a persistent session
 * disconnected longer than the expiry is deleted, with its subscriptions and queue; one that is
 * resumed in time survives, also across a restart. Each test starts its own server:
 * {@code --mqtt-port 0 --session-expiry 3s}, except the restart-survival test, which uses
 * {@code --session-expiry 30s} because a server start alone takes several seconds on a loaded machine
 * (the expiry there must outlast disconnect + SIGTERM + start + reconnect; the test asserts that it did).
 * <p>
 * Assumption beyond the contract: a session is gone within {@link #GRACE} (5 s) after its expiry (a
 * sweep at least that often, or a check when the client reconnects). Clients: TLS, the registry's
 * certificate, fixed ClientID, cleanSession=0.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionExpiryIT {

    static final Duration SHORT_EXPIRY = Duration.ofSeconds(3);
    static final Duration LONG_EXPIRY = Duration.ofSeconds(30);
    static final Duration GRACE = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    private DurableServer server;

    @RegisterExtension
    final FailureLog.OnFailure serverLogOnFailure = new FailureLog.OnFailure(
            () -> server == null ? null : server.process());

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.mqtt().closeAll();
            server.close();
        }
    }

    @Test
    void aDisconnectedPersistentSessionDisappearsAfterTheExpiryWithItsQueue() {
        server = DurableServer.start(dataDir, "--session-expiry", "3s");
        World w = server.api().newWorld();
        String clientId = unique("expiring");
        TestMqttClient first = persistent(w, clientId);
        assertThat(first.sessionPresent()).as("new session").isFalse();
        first.subscribed(w.d1().topic("events"));
        first.disconnect();

        Paho.pause(1000);
        TestMqttClient inTime = persistent(w, clientId);
        assertThat(inTime.sessionPresent()).as("resumed 1 s after disconnecting, before the 3 s expiry").isTrue();
        inTime.disconnect();
        long disconnected = System.nanoTime();
        String queued = unique("queued-then-expired");
        server.mqtt().connect(w.d1()).publish(w.d1().topic("events"), queued);

        pauseUntil(disconnected + SHORT_EXPIRY.plus(GRACE).toNanos());
        TestMqttClient late = persistent(w, clientId);

        assertThat(late.sessionPresent()).as("reconnected %s after disconnecting: expired", SHORT_EXPIRY.plus(GRACE))
                .isFalse();
        late.subscribed(w.d1().topic("events"));
        String sentinel = unique("sentinel");
        server.mqtt().connect(w.d1()).publish(w.d1().topic("events"), sentinel);
        late.expectExactly(sentinel); // the message queued for the expired session is gone with it
    }

    @Test
    void aPersistentSessionSurvivesARestartBeforeItsExpiry() {
        server = DurableServer.start(dataDir, "--session-expiry", "30s");
        World w = server.api().newWorld();
        String clientId = unique("surviving");
        TestMqttClient first = persistent(w, clientId);
        first.subscribed(w.d1().topic("events"));
        first.disconnect();
        long disconnected = System.nanoTime();
        String queued = unique("queued-across-restart");
        server.mqtt().connect(w.d1()).publish(w.d1().topic("events"), queued);
        server.mqtt().closeAll();

        server.stop(); // SIGTERM (its exit code is GracefulShutdownIT's business)
        server.startAgain();
        TestMqttClient resumed = persistent(w, clientId);
        Duration away = Duration.ofNanos(System.nanoTime() - disconnected);

        assertThat(away).as("disconnect, restart and reconnect took less than the expiry (start took %s)",
                server.lastStartTime()).isLessThan(LONG_EXPIRY);
        assertThat(resumed.sessionPresent()).as("session-present after a restart, %s after disconnecting", away)
                .isTrue();
        resumed.expectExactly(queued);
        String live = unique("live-after-restart");
        server.mqtt().connect(w.d1()).publish(w.d1().topic("events"), live);
        resumed.awaitPayload(live); // the subscription is the stored one: not subscribed again
    }

    @Test
    void aSessionRestoredByARestartStillExpires() {
        server = DurableServer.start(dataDir, "--session-expiry", "3s");
        World w = server.api().newWorld();
        String clientId = unique("restored-expiring");
        TestMqttClient first = persistent(w, clientId);
        first.subscribed(w.d1().topic("events"));
        first.disconnect();
        server.mqtt().closeAll();

        server.stop(); // SIGTERM (its exit code is GracefulShutdownIT's business)
        server.startAgain();
        long started = System.nanoTime();
        pauseUntil(started + SHORT_EXPIRY.plus(GRACE).toNanos());
        TestMqttClient late = persistent(w, clientId);

        assertThat(late.sessionPresent()).as("more than the expiry after the restart (and after the disconnect)")
                .isFalse();
    }

    private TestMqttClient persistent(World w, String clientId) {
        Mqtt mqtt = server.mqtt();
        return mqtt.byCertificate(w.r1()).clientId(clientId).cleanSession(false).connect();
    }

    private static void pauseUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Paho.pause(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }
}
