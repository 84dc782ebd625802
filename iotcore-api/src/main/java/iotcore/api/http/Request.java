package iotcore.api.http;

import iotcore.model.access.ApiToken;

import java.util.Map;

/** One authenticated API request: path parameters, query parameters, body bytes and the caller's token. */
public record Request(String method, String path, Map<String, String> pathParams, Map<String, String> query,
                      byte[] body, ApiToken token, String remoteAddress) {

    public String param(String name) {
        return pathParams.get(name);
    }

    /** A query parameter, "" when absent. */
    public String query(String name) {
        return query.getOrDefault(name, "");
    }

    public Body jsonBody() {
        return Body.parse(body);
    }
}
