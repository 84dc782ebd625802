package iotcore.api.http;

import com.fasterxml.jackson.databind.JsonNode;

/** A JSON answer with its HTTP status. */
public record Response(int status, JsonNode body) {
    public static Response ok(JsonNode body) {
        return new Response(200, body);
    }
}
