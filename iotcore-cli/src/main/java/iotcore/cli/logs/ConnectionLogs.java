package iotcore.cli.logs;

import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.UserException;
import iotcore.cli.client.ApiClient;
import iotcore.cli.client.ConnectionException;
import iotcore.cli.client.Pages;
import iotcore.cli.output.Format;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the connection log of a device or registry ({@code GET .../logs}, oldest first, paged) and, with
 * {@code --follow}, polls for entries after the last one printed.
 */
public final class ConnectionLogs {

    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final ApiClient api;
    private final Clock clock;

    public ConnectionLogs(ApiClient api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    /** @param path the owner's resource path, e.g. {@code /iot-devices/v1/devices/{id}} */
    public void print(String path, LogOptions options, Format format, PrintWriter out) {
        if (options.limit < 1) {
            throw new UserException("--limit must be at least 1");
        }
        if (options.timeout != null && !options.follow) {
            throw new UserException("--timeout only applies with -f/--follow");
        }
        Instant started = clock.instant();
        String since = options.since == null ? null : sinceParameter(options.since);
        LogPrinter printer = new LogPrinter(format, out, options.follow);
        List<JsonNode> first = Pages.collect(api, path + "/logs", query("since", since), "logs", options.limit);
        printer.print(first);
        if (!options.follow) {
            return;
        }
        String lastId = first.isEmpty() ? null : last(first);
        Instant deadline = options.timeout == null ? Instant.MAX : started.plus(options.timeout);
        while (pause(deadline)) {
            // Until something was printed, "after" has nothing to point at: keep asking from --since.
            Map<String, String> query = lastId == null ? query("since", since) : query("after", lastId);
            List<JsonNode> batch = Pages.collect(api, path + "/logs", query, "logs", 0);
            printer.print(batch);
            if (!batch.isEmpty()) {
                lastId = last(batch);
            }
        }
    }

    private String sinceParameter(String text) {
        try {
            return Since.parse(text, clock).toString();
        } catch (IllegalArgumentException e) {
            throw new UserException("--since: " + e.getMessage());
        }
    }

    /** Sleeps one poll interval, or until the deadline, so the last poll happens at it; false once it has passed. */
    private boolean pause(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            return false;
        }
        try {
            Thread.sleep(left.compareTo(POLL_INTERVAL) < 0 ? left : POLL_INTERVAL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while following the log");
        }
        return true;
    }

    private static String last(List<JsonNode> entries) {
        return entries.get(entries.size() - 1).path("id").asText();
    }

    private static Map<String, String> query(String key, String value) {
        Map<String, String> query = new LinkedHashMap<>();
        if (value != null) {
            query.put(key, value);
        }
        return query;
    }
}
