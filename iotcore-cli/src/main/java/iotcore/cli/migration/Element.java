package iotcore.cli.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.cli.client.Json;
import iotcore.cli.output.SnakeCase;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One object of an export file, read in either spelling: {@code yc --format json} writes snake_case
 * ({@code certificate_data}), {@code --format json-rest} camelCase ({@code certificateData}).
 */
record Element(String location, ObjectNode node) {

    /** Whether this element spells its fields in snake_case (told to the server so its problems match the file). */
    boolean snakeCase() {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().indexOf('_') > 0) {
                return true;
            }
        }
        return false;
    }

    /** The field under its camelCase name or its snake_case one; null when absent or JSON null. */
    JsonNode get(String camel) {
        JsonNode value = node.get(camel);
        if (value == null) {
            value = node.get(SnakeCase.name(camel));
        }
        return value == null || value.isNull() ? null : value;
    }

    /** A string field; a problem (and null) when it has another type. */
    String text(String camel, Consumer<String> problems) {
        JsonNode value = get(camel);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            problems.accept(at(camel) + ": must be a string, not " + kind(value));
            return null;
        }
        return value.textValue();
    }

    /** A string field that must be there. */
    String required(String camel, Consumer<String> problems) {
        if (get(camel) == null) {
            problems.accept(at(camel) + ": is required");
            return null;
        }
        String value = text(camel, problems);
        if (value != null && value.isEmpty()) {
            problems.accept(at(camel) + ": must not be empty");
            return null;
        }
        return value;
    }

    /** The location of a field, spelled as this element spells it. */
    String at(String camel) {
        return location + "." + (snakeCase() ? SnakeCase.name(camel) : camel);
    }

    /**
     * The element in the import API's shape: known fields under their camelCase names (nested ones of
     * {@code logOptions} too), values untouched so the server checks their types; {@code source} added.
     */
    ObjectNode toApi(Set<String> fields, Consumer<String> unknown, Set<String> ignored) {
        ObjectNode out = Json.MAPPER.createObjectNode().put("source", location).put("sourceCase", snakeCase() ? "snake" : "camel");
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String camel = camel(field.getKey());
            if (fields.contains(camel)) {
                JsonNode value = field.getValue();
                out.set(camel, camel.equals("logOptions") && value.isObject() ? camelKeys((ObjectNode) value) : value);
            } else if (!ignored.contains(camel)) {
                unknown.accept(field.getKey());
            }
        }
        return out;
    }

    private static ObjectNode camelKeys(ObjectNode node) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        node.properties().forEach(e -> out.set(camel(e.getKey()), e.getValue()));
        return out;
    }

    static String camel(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' && i > 0) {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isArray()) {
            return "a list";
        }
        return v.isObject() ? "an object" : "null";
    }
}
