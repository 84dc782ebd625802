package iotcore.server.mqtt;

import static iotcore.server.mqtt.MqttApi.body;
import static iotcore.server.mqtt.MqttApi.unique;
import static org.assertj.core.api.Assertions.assertThat;

import iotcore.testkit.ApiClient.Response;
import iotcore.testkit.mqtt.TestMqttClient;
import iotcore.testkit.mqtt.TestMqttClient.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Data-plane publish over REST (§5.6, docs/mqtt.md "Data-plane publish"): scenarios 49–51. The message
 * is routed as if the device or registry had published it with QoS 1, under the same permissions.
 */
interface DataPlaneScenarios extends MqttFixture {

    int INVALID_ARGUMENT = 3;
    int PERMISSION_DENIED = 7;
    int UNAUTHENTICATED = 16;

    @Test
    default void devicesWriterPublishesOnBehalfOfADevice() { // §8.49
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"));
        byte[] data = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 'h', 'i'}; // not UTF-8: bytes pass unchanged

        Response ok = api().as(api().newToken("devices.writer", w.folderId())).publish(w.d1(), w.d1().topic("events"), data);

        assertThat(ok.status()).as("%s", ok).isEqualTo(200);
        assertThat(ok.json().isObject() && ok.json().isEmpty()).as("answer {}: %s", ok).isTrue();
        Message m = registry.awaitTopic(w.d1().topic("events"));
        assertThat(m.payload()).isEqualTo(data);
        assertThat(m.qos()).isEqualTo(1);
        registry.clear();

        expectProblem(api().as(api().newToken("viewer", w.folderId())).publish(w.d1(), w.d1().topic("events"),
                bytes("viewer")), 403, PERMISSION_DENIED);
        expectProblem(api().as(api().newToken("registries.writer", w.folderId())).publish(w.d1(),
                w.d1().topic("events"), bytes("registries.writer")), 403, PERMISSION_DENIED);
        expectProblem(api().as(api().newToken("devices.writer", api().newFolder())).publish(w.d1(),
                w.d1().topic("events"), bytes("another folder")), 403, PERMISSION_DENIED);
        expectProblem(api().as(null).publish(w.d1(), w.d1().topic("events"), bytes("anonymous")), 401, UNAUTHENTICATED);
        String editor = unique("editor");
        assertThat(api().as(api().newToken("editor", w.folderId())).publish(w.d1(), w.d1().topic("events"),
                bytes(editor)).status()).isEqualTo(200);
        String admin = unique("admin");
        assertThat(api().publish(w.d1(), w.d1().topic("events"), bytes(admin)).status()).isEqualTo(200);

        registry.expectExactly(editor, admin);
    }

    @Test
    default void registriesWriterPublishesCommandsToDevices() { // §8.50
        World w = world();
        TestMqttClient device = mqtt().connect(w.d1()).subscribed(w.d1().topic("commands"), w.r1().topic("commands"));
        MqttApi writer = api().as(api().newToken("registries.writer", w.folderId()));

        String command = unique("command");
        assertThat(writer.publish(w.r1(), w.d1().topic("commands"), bytes(command)).status()).isEqualTo(200);
        String broadcast = unique("broadcast");
        assertThat(writer.publish(w.r1(), w.r1().topic("commands"), bytes(broadcast)).status()).isEqualTo(200);

        java.util.List<Message> received = device.expectExactly(command, broadcast);
        assertThat(received).filteredOn(m -> m.text().equals(command)).singleElement().satisfies(m -> {
            assertThat(m.topic()).isEqualTo(w.d1().topic("commands"));
            assertThat(m.qos()).isEqualTo(1);
        });
        expectProblem(api().as(api().newToken("devices.writer", w.folderId())).publish(w.r1(),
                w.d1().topic("commands"), bytes("devices.writer")), 403, PERMISSION_DENIED);
    }

    @Test
    default void dataPlaneLimitsAreTheMqttLimits() { // §8.51
        World w = world();
        TestMqttClient registry = mqtt().connect(w.r1()).subscribed(w.d1().topic("events/#"));

        byte[] atLimit = new byte[262144];
        Arrays.fill(atLimit, (byte) 'x');
        assertThat(api().publish(w.d1(), w.d1().topic("events"), atLimit).status()).isEqualTo(200);
        assertThat(registry.awaitMessage(m -> m.payload().length == 262144, "of 262144 bytes").payload())
                .isEqualTo(atLimit);
        registry.clear();
        expectProblem(api().publish(w.d1(), w.d1().topic("events"), new byte[262145]), 400, INVALID_ARGUMENT);

        String prefix = w.d1().topic("events/");
        String topic1024 = prefix + "t".repeat(1024 - prefix.length());
        String fits = unique("fits");
        assertThat(api().publish(w.d1(), topic1024, bytes(fits)).status()).isEqualTo(200);
        expectProblem(api().publish(w.d1(), topic1024 + "t", bytes("too long")), 400, INVALID_ARGUMENT);

        assertThat(registry.expectExactly(fits)).extracting(Message::topic).containsExactly(topic1024);
    }

    @Test
    default void dataPlanePublishIsCheckedLikeAnMqttPublish() { // docs/mqtt.md: 403 forbidden, 400 malformed
        World w = world();
        TestMqttClient d1Commands = mqtt().connect(w.d1()).subscribed(w.d1().topic("commands"));
        TestMqttClient r1Events = mqtt().connect(w.r1()).subscribed(w.d1().topic("events"), w.d2().topic("events"));

        expectProblem(api().publish(w.d1(), w.d1().topic("commands"), bytes("x")), 403, PERMISSION_DENIED);
        expectProblem(api().publish(w.d1(), w.d2().topic("events"), bytes("x")), 403, PERMISSION_DENIED);
        expectProblem(api().publish(w.d1(), "$monitoring/" + w.d1().id() + "/json", bytes("x")), 403, PERMISSION_DENIED);
        expectProblem(api().publish(w.d1(), "foo/bar", bytes("x")), 403, PERMISSION_DENIED);
        expectProblem(api().publish(w.r1(), w.d1().topic("events"), bytes("x")), 403, PERMISSION_DENIED);
        expectProblem(api().publish(w.r1(), w.d3().topic("commands"), bytes("x")), 403, PERMISSION_DENIED);
        expectProblem(api().publish(w.d1(), w.d1().topic("events/#"), bytes("x")), 400, INVALID_ARGUMENT);
        expectProblem(api().publish(w.d1(), w.d1().topic("events/+/x"), bytes("x")), 400, INVALID_ARGUMENT);
        expectProblem(api().post(MqttApi.path(w.d1()) + "/publish", body("data", "eA==")), 400, INVALID_ARGUMENT);
        expectProblem(api().post(MqttApi.path(w.d1()) + "/publish", body("topic", w.d1().topic("events"),
                "data", "not base64!")), 400, INVALID_ARGUMENT);

        String s1 = unique("sentinel");
        assertThat(api().publish(w.r1(), w.d1().topic("commands"), bytes(s1)).status()).isEqualTo(200);
        String s2 = unique("sentinel");
        assertThat(api().publish(w.d1(), w.d1().topic("events"), bytes(s2)).status()).isEqualTo(200);
        d1Commands.expectExactly(s1);
        r1Events.expectExactly(s2);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void expectProblem(Response response, int httpStatus, int grpcCode) {
        assertThat(response.status()).as("HTTP status of %s", response).isEqualTo(httpStatus);
        assertThat(response.path("code").asInt()).as("gRPC code of %s", response).isEqualTo(grpcCode);
        assertThat(response.path("message").asText()).as("message of %s", response).isNotBlank();
    }
}
