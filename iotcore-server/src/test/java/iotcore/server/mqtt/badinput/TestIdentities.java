package iotcore.server.mqtt.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient;
import iotcore.testkit.ApiClient.Response;
import java.util.Map;

/** Registry R and device D of the suite, each with a password, registered through the REST API. */
record TestIdentities(String registryId, String registryPassword, String deviceId, String devicePassword) {

    private static final String DEVICES = "/iot-devices/v1";

    /** Creates R in the {@code default} folder, D in R, and one password for each. */
    static TestIdentities register(ApiClient admin) {
        String registryPassword = "Reg1stry-BadInput-Pass";
        String devicePassword = "Dev1ce-BadInput-Pass";
        String registryId = operationResponse(admin.post(DEVICES + "/registries",
                Map.of("folderId", "default", "name", "mqtt-bad-input"))).path("id").asText();
        String deviceId = operationResponse(admin.post(DEVICES + "/devices",
                Map.of("registryId", registryId, "name", "well-behaved-device"))).path("id").asText();
        operationResponse(admin.post(DEVICES + "/registries/" + registryId + "/passwords",
                Map.of("password", registryPassword)));
        operationResponse(admin.post(DEVICES + "/devices/" + deviceId + "/passwords",
                Map.of("password", devicePassword)));
        return new TestIdentities(registryId, registryPassword, deviceId, devicePassword);
    }

    /** {@code $devices/<D>/events}: D publishes there, R reads it. */
    String deviceEvents() {
        return "$devices/" + deviceId + "/events";
    }

    private static JsonNode operationResponse(Response response) {
        if (response.status() != 200 || !response.path("done").asBoolean() || response.json().has("error")) {
            throw new IllegalStateException("expected a successful Operation: " + response);
        }
        return response.path("response");
    }
}
