package iotcore.server.mqtt;

import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.testkit.ServerProcess;
import iotcore.testkit.mqtt.TestMqttClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stored values of permanent topics survive a restart (§3.4, docs/mqtt.md "kept across restarts"): a
 * server is stopped with SIGTERM and a new one started on the same data directory (and database).
 * The generated CA is reused, so clients keep trusting the server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class AbstractRestartIT {

    /** A builder for this engine; every call for one test uses the same database. */
    abstract ServerProcess.Builder serverBuilder();

    @Test
    void permanentTopicsSurviveARestart() {
        ServerProcess first = serverBuilder().args(MqttServerFixture.TLS_LISTENERS).start();
        World w;
        String deviceState = unique("device-state");
        String deviceSubState = unique("device-sub-state");
        String deviceConfig = unique("device-config");
        String registryState = unique("registry-state");
        String registryConfig = unique("registry-config");
        String ca;
        try {
            MqttApi api = new MqttApi(first.adminClient());
            Mqtt mqtt = new Mqtt(first);
            w = api.newWorld();
            ca = read(mqtt);
            FailureLog.attachOnFailure(first, () -> {
                TestMqttClient d1 = mqtt.connect(w.d1());
                d1.publish(w.d1().topic("state"), unique("overwritten"));
                d1.publish(w.d1().topic("state"), deviceState);
                d1.publish(w.d1().topic("state/sub"), deviceSubState);
                mqtt.connect(w.d2()).publish(w.r1().topic("state"), registryState);
                TestMqttClient r1 = mqtt.connect(w.r1());
                r1.publish(w.d1().topic("config"), deviceConfig);
                r1.publish(w.r1().topic("config"), registryConfig);
                // the values are stored before the restart: a new subscriber gets them now
                mqtt.byPassword(w.r1()).connect().subscribed(w.d1().topic("state")).expectExactly(deviceState);
            });
            mqtt.closeAll();
        } finally {
            first.stop();
        }

        try (ServerProcess second = serverBuilder().dataDir(first.dataDir()).args(MqttServerFixture.TLS_LISTENERS)
                .start()) {
            Mqtt mqtt = new Mqtt(second);
            try {
                FailureLog.attachOnFailure(second, () -> {
                    assertThat(read(mqtt)).as("tls/ca.crt is reused").isEqualTo(ca);

                    mqtt.connect(w.r1()).subscribed(w.d1().topic("state/#")).expectExactly(deviceState, deviceSubState);
                    mqtt.connect(w.d1()).subscribed(w.d1().topic("config")).expectExactly(deviceConfig);
                    mqtt.byPassword(w.r1()).connect().subscribed(w.r1().topic("state")).expectExactly(registryState);
                    mqtt.connect(w.d2()).subscribed(w.r1().topic("config")).expectExactly(registryConfig);
                });
            } finally {
                mqtt.closeAll();
            }
        }
    }

    private static String read(Mqtt mqtt) {
        try {
            return Files.readString(mqtt.caFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
