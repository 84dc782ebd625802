package iotcore.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Prints API resources in the chosen {@link Format}; text prints single resources as YAML, lists as tables. */
public final class Printer {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE) // PEM certificates stay readable
            .build());

    private final Format format;
    private final PrintWriter out;

    public Printer(Format format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    public void resource(JsonNode resource) {
        write(render(resource));
    }

    public void list(List<JsonNode> items, Table table) {
        if (format == Format.TEXT) {
            write(table.render(items));
        } else {
            write(render(JsonNodeFactory.instance.arrayNode().addAll(items)));
        }
    }

    String render(JsonNode node) {
        try {
            return switch (format) {
                case JSON -> JSON.writeValueAsString(SnakeCase.convert(node)) + "\n";
                case JSON_REST -> JSON.writeValueAsString(node) + "\n";
                case TEXT, YAML -> YAML.writeValueAsString(SnakeCase.convert(node));
            };
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String text) {
        out.print(text);
        out.flush();
    }
}
