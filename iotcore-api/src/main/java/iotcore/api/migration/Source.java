package iotcore.api.migration;

/**
 * Where an imported element came from, e.g. {@code devices-are1.json $[3]}, and whether that file spells
 * field names in snake_case ({@code yc --format json}) or camelCase ({@code json-rest}), so that problems
 * name the field as the user's file does.
 */
record Source(String location, boolean snakeCase) {

    /** {@code field} is the API's camelCase path below the element, e.g. {@code topicAliases.a/b}. */
    String at(String field) {
        if (field.isEmpty()) {
            return location;
        }
        return location + "." + (snakeCase ? snake(field) : field);
    }

    /**
     * Converts the field-name segments of a path; only the first segment (and the second under
     * {@code logOptions}) are field names, later ones are map keys such as label names or aliases.
     */
    static String snake(String path) {
        int dot = path.indexOf('.');
        String head = dot < 0 ? path : path.substring(0, dot);
        String rest = dot < 0 ? "" : path.substring(dot);
        if (head.equals("logOptions") && !rest.isEmpty()) {
            rest = "." + toSnake(rest.substring(1));
        }
        return toSnake(head) + rest;
    }

    private static String toSnake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
