package iotcore.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Turns REST JSON into the shape yc prints: field names in snake_case and {@code @type} dropped. The keys of
 * user maps ({@code labels}, {@code topicAliases}) are user data and are copied untouched.
 */
public final class SnakeCase {

    private static final Set<String> USER_MAPS = Set.of("labels", "topicAliases");
    private static final String TYPE = "@type";

    private SnakeCase() {
    }

    public static JsonNode convert(JsonNode node) {
        if (node.isObject()) {
            ObjectNode converted = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                if (name.equals(TYPE)) {
                    continue;
                }
                JsonNode value = USER_MAPS.contains(name) ? field.getValue().deepCopy() : convert(field.getValue());
                converted.set(name(name), value);
            }
            return converted;
        }
        if (node.isArray()) {
            ArrayNode converted = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> converted.add(convert(item)));
            return converted;
        }
        return node;
    }

    /** {@code lastAuthIp} → {@code last_auth_ip}. */
    public static String name(String camel) {
        StringBuilder snake = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && camel.charAt(i - 1) != '_') {
                    snake.append('_');
                }
                snake.append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }
}
