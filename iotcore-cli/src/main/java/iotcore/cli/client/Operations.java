package iotcore.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.time.Instant;

/** Waits for an Operation like {@code yc} does without {@code --async}, and unwraps its result. */
public final class Operations {

    public static final String PATH = "/iot-devices/v1/operations/";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private Operations() {
    }

    /** Polls until {@code done}; the server completes synchronously, so this normally returns at once. */
    public static JsonNode await(ApiClient api, JsonNode operation) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        long pauseMillis = 100;
        JsonNode current = operation;
        while (!current.path("done").asBoolean(false)) {
            if (Instant.now().isAfter(deadline)) {
                throw new ApiException(0, 4, "operation " + current.path("id").asText() + " is still running after "
                        + TIMEOUT.toMinutes() + " minutes; check it later with 'iotcore operation get'");
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 2000);
            current = api.get(PATH + ApiClient.segment(current.path("id").asText()));
        }
        return current;
    }

    /** The {@code response} of a finished operation; an {@code error} becomes an {@link ApiException}. */
    public static JsonNode result(ApiClient api, JsonNode operation) {
        JsonNode done = await(api, operation);
        JsonNode error = done.get("error");
        if (error != null && !error.isNull()) {
            throw new ApiException(0, error.path("code").asInt(0), error.path("message").asText("operation failed"));
        }
        JsonNode response = done.get("response");
        return response == null ? MissingNode.getInstance() : response;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while waiting for an operation");
        }
    }
}
