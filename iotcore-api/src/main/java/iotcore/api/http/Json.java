package iotcore.api.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** The API's one ObjectMapper and small helpers for building responses that omit empty values. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxStringLength(2 * 1024 * 1024).build());
    }

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String timestamp(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    /** Sets a string field unless it is null or empty (proto3 JSON omits defaults). */
    public static ObjectNode putText(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
        return node;
    }

    public static ObjectNode putTime(ObjectNode node, String field, Instant value) {
        if (value != null) {
            node.put(field, timestamp(value));
        }
        return node;
    }

    public static ObjectNode putMap(ObjectNode node, String field, Map<String, String> map) {
        if (map != null && !map.isEmpty()) {
            ObjectNode m = node.putObject(field);
            map.forEach(m::put);
        }
        return node;
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Parses JSON we stored ourselves. */
    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
