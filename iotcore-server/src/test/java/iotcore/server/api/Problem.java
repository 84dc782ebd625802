package iotcore.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.testkit.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Assertions on error answers: {@code {code, message, details}} (google.rpc.Status) with the gRPC
 * code and HTTP status of docs/rest-api.md.
 */
final class Problem {

    static final int INVALID_ARGUMENT = 3;
    static final int NOT_FOUND = 5;
    static final int ALREADY_EXISTS = 6;
    static final int PERMISSION_DENIED = 7;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int FAILED_PRECONDITION = 9;
    static final int UNAUTHENTICATED = 16;

    private final Response response;

    private Problem(Response response) {
        this.response = response;
    }

    /** Asserts an error answer with this HTTP status and gRPC code. */
    static Problem expect(Response response, int httpStatus, int grpcCode) {
        assertThat(response.status()).as("HTTP status of %s", response).isEqualTo(httpStatus);
        JsonNode json = response.json();
        assertThat(json.isObject()).as("JSON error body: %s", response).isTrue();
        assertThat(json.path("code").isInt()).as("numeric code: %s", response).isTrue();
        assertThat(json.path("code").asInt()).as("gRPC code of %s", response).isEqualTo(grpcCode);
        assertThat(json.path("message").asText()).as("message of %s", response).isNotBlank();
        assertThat(json.path("details").isMissingNode() || json.path("details").isArray())
                .as("details is an array when present: %s", response).isTrue();
        return new Problem(response);
    }

    static Problem invalidArgument(Response response) {
        return expect(response, 400, INVALID_ARGUMENT);
    }

    static Problem notFound(Response response) {
        return expect(response, 404, NOT_FOUND);
    }

    static Problem alreadyExists(Response response) {
        return expect(response, 409, ALREADY_EXISTS);
    }

    static Problem permissionDenied(Response response) {
        return expect(response, 403, PERMISSION_DENIED);
    }

    static Problem unauthenticated(Response response) {
        return expect(response, 401, UNAUTHENTICATED);
    }

    /** A validation error: 400 INVALID_ARGUMENT naming {@code field} in the message and in a BadRequest. */
    static Problem invalidField(Response response, String field) {
        return invalidArgument(response).namesField(field);
    }

    /** The message names the field, and a BadRequest fieldViolation's field contains it. */
    Problem namesField(String field) {
        assertThat(message()).as("message names %s: %s", field, response).contains(field);
        assertThat(violatedFields()).as("BadRequest fieldViolations naming %s: %s", field, response)
                .anySatisfy(violation -> assertThat(violation).contains(field));
        return this;
    }

    Problem messageContainsAnyOf(String... words) {
        assertThat(message()).as("message of %s", response).containsAnyOf(words);
        return this;
    }

    String message() {
        return response.json().path("message").asText();
    }

    List<String> violatedFields() {
        List<String> fields = new ArrayList<>();
        for (JsonNode detail : response.json().path("details")) {
            if (detail.path("@type").asText().equals("type.googleapis.com/google.rpc.BadRequest")) {
                for (JsonNode violation : detail.path("fieldViolations")) {
                    assertThat(violation.path("description").asText())
                            .as("fieldViolation description: %s", response).isNotBlank();
                    fields.add(violation.path("field").asText());
                }
            }
        }
        return fields;
    }
}
