package iotcore.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import iotcore.model.error.ServiceException;
import iotcore.model.rules.Violations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON request body read field by field. Wrong types and unknown fields become violations named by
 * field, collected so that one answer lists every problem; nothing here ever leaks a Java type name.
 */
public final class Body {
    private final ObjectNode node;
    private final Violations violations = new Violations();

    private Body(ObjectNode node) {
        this.node = node;
    }

    /** Parses a body that must be a JSON object; an empty body is an empty object. */
    public static Body parse(byte[] bytes) {
        if (isBlank(bytes)) {
            return new Body(Json.object());
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw ServiceException.invalid("body", "malformed JSON" + where + ": " + clip(e.getOriginalMessage()));
        } catch (java.io.IOException | RuntimeException e) {
            throw ServiceException.invalid("body", "malformed JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            return new Body(Json.object());
        }
        if (!tree.isObject()) {
            throw ServiceException.invalid("body", "must be a JSON object, not " + kind(tree));
        }
        return new Body((ObjectNode) tree);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Records a violation for every field not in {@code allowed}. */
    public Body allowOnly(Set<String> allowed) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                violations.add(clip(name), "unknown field");
            }
        });
        return this;
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    /** The string value, "" when absent or null; a violation when of another type. */
    public String string(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            violations.add(field, "must be a string, not " + kind(v));
            return "";
        }
        return v.textValue();
    }

    public boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            violations.add(field, "must be a boolean, not " + kind(v));
            return false;
        }
        return v.booleanValue();
    }

    /** A JSON object whose values are all strings, in the client's order; empty when absent. */
    public Map<String, String> stringMap(String field) {
        JsonNode v = node.get(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            violations.add(field, "must be an object of strings, not " + kind(v));
            return out;
        }
        v.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().textValue());
            } else {
                violations.add(field + "." + clip(e.getKey()), "must be a string, not " + kind(e.getValue()));
            }
        });
        return out;
    }

    /** A list of objects, each read as a Body of its own whose violations are prefixed by the index. */
    public List<Body> objects(String field) {
        JsonNode v = node.get(field);
        List<Body> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            violations.add(field, "must be a list, not " + kind(v));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (item.isObject()) {
                out.add(new Body((ObjectNode) item));
            } else {
                violations.add(field + "[" + i + "]", "must be an object, not " + kind(item));
            }
        }
        return out;
    }

    /** A nested object as a Body; null when absent. */
    public Body object(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            violations.add(field, "must be an object, not " + kind(v));
            return null;
        }
        return new Body((ObjectNode) v);
    }

    public ObjectNode node() {
        return node;
    }

    public Violations violations() {
        return violations;
    }

    /** Merges a nested body's violations under {@code prefix}. */
    public void absorb(String prefix, Body nested) {
        nested.violations.list().forEach(fv -> violations.add(prefix + "." + fv.field(), fv.description()));
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
        if (v.isObject()) {
            return "an object";
        }
        return "null";
    }

    static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
