package iotcore.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient;

/** JSON trees for comparing answers with what was sent. */
final class ApiJson {

    private ApiJson() {}

    static JsonNode tree(Object value) {
        return ApiClient.JSON.valueToTree(value);
    }
}
