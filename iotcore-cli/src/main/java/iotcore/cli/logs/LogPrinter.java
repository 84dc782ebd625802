package iotcore.cli.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import iotcore.cli.client.Json;
import iotcore.cli.output.Format;
import iotcore.cli.output.Printer;
import iotcore.cli.output.SnakeCase;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Prints log entries: {@code TIME LEVEL MESSAGE} lines as text, else the list of entries. While following, each
 * batch must extend what was printed, so YAML batches continue one sequence and JSON becomes one object per line.
 */
final class LogPrinter {

    private final Format format;
    private final PrintWriter out;
    private final boolean streaming;

    LogPrinter(Format format, PrintWriter out, boolean streaming) {
        this.format = format;
        this.out = out;
        this.streaming = streaming;
    }

    void print(List<JsonNode> entries) {
        if (streaming && entries.isEmpty()) {
            return;
        }
        switch (format) {
            case TEXT -> entries.forEach(entry -> out.println(line(entry)));
            case YAML -> new Printer(format, out).list(entries, null);
            case JSON, JSON_REST -> {
                if (streaming) {
                    entries.forEach(entry -> out.println(compact(format == Format.JSON ? SnakeCase.convert(entry) : entry)));
                } else {
                    new Printer(format, out).list(entries, null);
                }
            }
        }
        out.flush();
    }

    static String line(JsonNode entry) {
        return entry.path("time").asText() + " " + entry.path("level").asText() + " " + entry.path("message").asText();
    }

    private static String compact(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
